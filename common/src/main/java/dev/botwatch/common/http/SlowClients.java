package dev.botwatch.common.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Starts a botwatch HTTP server that closes slow and idle clients, the one place every program
 * (exporter, responder, demo bot) gets this from:
 *
 * <pre>{@code
 * SlowClients.listen(vertx, cfg.server(), o -> o.setCompressionSupported(true), router, registry)
 * }</pre>
 *
 * Vert.x's own idle timeout closes a connection that sends or receives no HTTP message for {@code
 * idle_timeout} (its idle handler sits behind the HTTP decoder, so a head that never completes
 * counts as idle, while a body trickled one byte at a time does not). Vert.x 5.0 has no limit on
 * how long a request head or body may take, and vertx-web's {@code TimeoutHandler} starts only
 * after the head and leaves the connection open; so each connection gets a {@link ClientDeadline},
 * checked by one timer per connection. A client that overruns it is closed: with a 408 JSON error
 * when it is sending a body and no response has started, silently otherwise. HTTP/1.1 only (no
 * cleartext HTTP/2): none of botwatch's clients need it, and one request at a time per connection
 * is what the deadline tracks. Closes are counted in {@code
 * botwatch_http_slow_clients_closed_total{phase}}.
 */
public final class SlowClients {
  public static final String METRIC = "botwatch_http_slow_clients_closed_total";

  private final Vertx vertx;
  private final long requestNanos;
  private final long idleNanos;
  private final Counter closed;
  private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();

  private SlowClients(Vertx vertx, ServerConfig cfg, PrometheusRegistry registry) {
    this.vertx = vertx;
    this.requestNanos = cfg.requestTimeout().toNanos();
    this.idleNanos = cfg.idleTimeout().toNanos();
    Counter.Builder b =
        Counter.builder()
            .name(METRIC)
            .help(
                "Connections closed because the client was too slow to send a request"
                    + " (phase: head, body, next_head)")
            .labelNames("phase");
    this.closed = registry == null ? b.build() : b.register(registry);
    for (ClientDeadline.Phase p : ClientDeadline.Phase.values()) {
      if (p != ClientDeadline.Phase.HANDLER) {
        closed.labelValues(p.label());
      }
    }
  }

  /** Server options for {@code cfg}: host, port, idle timeout, HTTP/1.1 only. */
  public static HttpServerOptions options(ServerConfig cfg) {
    return new HttpServerOptions()
        .setHost(cfg.host())
        .setPort(cfg.port())
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, cfg.idleTimeout().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setHttp2ClearTextEnabled(false);
  }

  /**
   * Creates and binds the server. {@code tweak} adjusts the options (compression and the like);
   * {@code registry} receives the close counter, or null for none.
   */
  public static Future<HttpServer> listen(
      Vertx vertx,
      ServerConfig cfg,
      UnaryOperator<HttpServerOptions> tweak,
      Handler<HttpServerRequest> handler,
      PrometheusRegistry registry) {
    return guard(vertx, cfg, registry).listen(tweak.apply(options(cfg)), handler);
  }

  /**
   * One guard for several server instances sharing a port (one per event loop): the close counter
   * is registered once; call {@link #listen(HttpServerOptions, Handler)} from each instance.
   */
  public static SlowClients guard(Vertx vertx, ServerConfig cfg, PrometheusRegistry registry) {
    return new SlowClients(vertx, cfg, registry);
  }

  /**
   * Creates and binds one server watched by this guard, on the calling context's event loop; {@code
   * options} should come from {@link #options(ServerConfig)}.
   */
  public Future<HttpServer> listen(HttpServerOptions options, Handler<HttpServerRequest> handler) {
    return vertx
        .createHttpServer(options)
        .connectionHandler(this::connected)
        .requestHandler(
            req -> {
              arrived(req);
              handler.handle(req);
            })
        .listen();
  }

  private void connected(HttpConnection conn) {
    Watch w = new Watch(conn, new ClientDeadline(requestNanos, idleNanos, System.nanoTime()));
    watches.put(conn, w);
    conn.closeHandler(
        v -> {
          watches.remove(conn);
          w.cancel();
        });
    w.schedule(w.deadline.deadline());
  }

  private void arrived(HttpServerRequest req) {
    Watch w = watches.get(req.connection());
    if (w != null) {
      w.request = req;
      w.schedule(w.deadline.requestArrived(System.nanoTime()));
    }
  }

  /** One connection's deadline and its single pending timer; touched on its event loop only. */
  private final class Watch {
    final HttpConnection conn;
    final ClientDeadline deadline;
    HttpServerRequest request;
    long timerId = -1;
    long timerAt;

    Watch(HttpConnection conn, ClientDeadline deadline) {
      this.conn = conn;
      this.deadline = deadline;
    }

    /** Makes sure a check runs by {@code at}; an earlier pending timer re-checks by itself. */
    void schedule(long at) {
      if (timerId >= 0 && timerAt - at <= 0) {
        return;
      }
      cancel();
      timerAt = at;
      long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime()) + 1);
      timerId = vertx.setTimer(ms, id -> fire());
    }

    void cancel() {
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
        timerId = -1;
      }
    }

    private void fire() {
      timerId = -1;
      boolean requestEnded = request == null || request.isEnded();
      boolean responseEnded = request != null && request.response().ended();
      ClientDeadline.Verdict v = deadline.check(System.nanoTime(), requestEnded, responseEnded);
      if (v.close() == null) {
        schedule(v.nextCheck());
        return;
      }
      closed.labelValues(v.close().label()).inc();
      watches.remove(conn);
      if (v.close() == ClientDeadline.Phase.BODY && !request.response().headWritten()) {
        String error =
            "request body not received within "
                + TimeUnit.NANOSECONDS.toMillis(requestNanos)
                + " ms";
        request
            .response()
            .setStatusCode(408)
            .putHeader("Content-Type", "application/json")
            .putHeader("Connection", "close")
            .end(JsonError.body(408, error, null).encode())
            .onComplete(x -> conn.close());
      } else {
        conn.close();
      }
    }
  }
}
