package dev.botwatch.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Vert.x Web server started through {@link SlowClients}, with short limits (request 400 ms, idle
 * 1.5 s), against raw sockets: half-sent heads, a byte at a time, slow bodies, idle and kept-alive
 * connections.
 */
class SlowClientsTest {
  static final Duration REQUEST = Duration.ofMillis(400);
  static final Duration IDLE = Duration.ofMillis(1500);

  static final long SLACK_MS = SlowClientChecks.SLACK_MS;

  Vertx vertx;
  HttpServer server;
  PrometheusRegistry registry = new PrometheusRegistry();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router r = Router.router(vertx);
    r.get("/-/healthy").handler(ctx -> ctx.response().end("Healthy\n"));
    r.post("/echo")
        .handler(BodyHandler.create(false))
        .handler(ctx -> ctx.response().end("got " + ctx.body().length() + "\n"));
    ServerConfig cfg = new ServerConfig("127.0.0.1", 0, IDLE, REQUEST);
    server = SlowClients.listen(vertx, cfg, o -> o, r, registry).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void hundredsOfHalfSentRequestsAreClosedAtTheRequestTimeout() throws Exception {
    SlowClientChecks.halfSentHeadsAreClosed(server.actualPort(), REQUEST, 300);
    assertThat(closed("head")).isEqualTo(300);
  }

  @Test
  void aHeadSentOneByteAtATimeIsCutOff() throws Exception {
    try (RawHttp c = new RawHttp(server.actualPort())) {
      String head = "GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + "a".repeat(300);
      int sent = c.trickle(head + "\r\n\r\n", 20);
      assertThat(sent).isLessThan(head.length());
      assertThat(c.readUntilClosed()).isEmpty();
      assertThat(c.ageMillis()).isBetween(REQUEST.toMillis(), REQUEST.toMillis() + SLACK_MS);
    }
    assertThat(closed("head")).isEqualTo(1);
  }

  @Test
  void aSlowBodyGetsA408AndTheConnectionCloses() throws Exception {
    SlowClientChecks.aTrickledBodyIsCutOff(
        server.actualPort(),
        "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 300\r\n\r\n",
        300);
    assertThat(closed("body")).isEqualTo(1);
  }

  @Test
  void aKeptAliveClientSurvivesGapsLongerThanTheRequestTimeout() throws Exception {
    SlowClientChecks.keptAliveClientKeepsWorking(server.actualPort(), REQUEST, "/-/healthy");
    try (RawHttp c = new RawHttp(server.actualPort())) {
      RawHttp.Response r =
          c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc").readResponse();
      assertThat(r.body()).isEqualTo("got 3\n");
    }
    assertThat(closed("head") + closed("body") + closed("next_head")).isZero();
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (RawHttp c = new RawHttp(server.actualPort())) {
      assertThat(c.get("/-/healthy").status()).isEqualTo(200);
      long answered = c.ageMillis();
      assertThat(c.readUntilClosed()).isEmpty();
      // measured from when this client read the answer, a little after the server wrote it
      assertThat(c.ageMillis() - answered)
          .isBetween(IDLE.toMillis() - 100, IDLE.toMillis() + REQUEST.toMillis() + SLACK_MS);
    }
  }

  @Test
  void aKeptAliveConnectionTricklingItsNextRequestIsClosed() throws Exception {
    try (RawHttp c = new RawHttp(server.actualPort())) {
      assertThat(c.get("/-/healthy").status()).isEqualTo(200);
      String head = "GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + "a".repeat(300);
      int sent = c.trickle(head, 50); // never idle: a byte every 50 ms
      assertThat(sent).isLessThan(head.length());
      assertThat(c.readUntilClosed()).isEmpty();
      assertThat(c.ageMillis())
          .isBetween(IDLE.toMillis(), IDLE.toMillis() + 2 * REQUEST.toMillis() + SLACK_MS);
    }
    // Which of the two closes it is Vert.x's business: its idle timer sits behind the HTTP decoder
    // and sees no message until the head is complete, so it usually fires before the deadline's
    // own next_head check (which stays for a Vert.x that counts raw bytes as activity).
  }

  private long closed(String phase) {
    return registry.scrape().stream()
        .filter(
            s -> s.getMetadata().getPrometheusName().equals("botwatch_http_slow_clients_closed"))
        .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
        .filter(d -> d.getLabels().get("phase").equals(phase))
        .mapToLong(d -> (long) d.getValue())
        .sum();
  }
}
