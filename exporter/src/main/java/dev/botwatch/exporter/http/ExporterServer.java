package dev.botwatch.exporter.http;

import dev.botwatch.common.Launcher;
import dev.botwatch.common.http.BearerAuth;
import dev.botwatch.common.http.JsonError;
import dev.botwatch.common.http.MetricsHandler;
import dev.botwatch.exporter.Exporter;
import dev.botwatch.exporter.config.ExporterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.TimeUnit;

/**
 * The exporter's HTTP server; every route is listed in {@link #router}. {@code /metrics} and the
 * health endpoints are open; the ingest API takes the optional bearer token. Responses are gzipped
 * when the client asks.
 */
public final class ExporterServer implements Launcher.Running {
  private final HttpServer server;
  private final Exporter exporter;

  private ExporterServer(HttpServer server, Exporter exporter) {
    this.server = server;
    this.exporter = exporter;
  }

  /** Starts the exporter's collectors and its server. The token is read here, once. */
  public static Future<ExporterServer> start(Vertx vertx, ExporterConfig cfg, Exporter exporter) {
    String token;
    try {
      token = cfg.auth().token() == null ? null : cfg.auth().token().resolve();
    } catch (IllegalStateException e) {
      return Future.failedFuture(new IllegalStateException("auth.token: " + e.getMessage()));
    }
    Router router = router(vertx, exporter, BearerAuth.of(token), cfg.ingest().bodyLimitBytes());
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost(cfg.server().host())
                .setPort(cfg.server().port())
                .setCompressionSupported(true))
        .requestHandler(router)
        .listen()
        // Collectors start once the port is bound: OSHI's first SystemInfo (~700 ms of class
        // loading) then competes with nothing on the start-up path; /-/ready waits for it.
        .map(s -> new ExporterServer(s, exporter.start()));
  }

  static Router router(Vertx vertx, Exporter exporter, BearerAuth auth, long bodyLimit) {
    Router r = Router.router(vertx);
    IngestHandlers ingest = new IngestHandlers(exporter.ingest());
    BodyHandler body = BodyHandler.create(false).setBodyLimit(bodyLimit);
    r.route("/api/*")
        .handler(
            ctx -> {
              if (!auth.accepts(ctx.request().getHeader("Authorization"))) {
                exporter.ingest().refused("unauthorized");
              }
              auth.handle(ctx);
            });
    // Content type first, on its own route: a wrong type is refused before the body is read, and
    // Vert.x wants the body handler ahead of user handlers within one route.
    r.post("/api/v1/events").handler(ctx -> ingest.requireContentType(ctx, true));
    r.put("/api/v1/bots/:bot/state").handler(ctx -> ingest.requireContentType(ctx, false));
    r.post("/api/v1/events")
        .handler(body)
        .handler(ingest::events)
        .failureHandler(ctx -> ingest.failure(ctx, bodyLimit));
    r.put("/api/v1/bots/:bot/state")
        .handler(body)
        .handler(ingest::state)
        .failureHandler(ctx -> ingest.failure(ctx, bodyLimit));
    r.get("/metrics").handler(new MetricsHandler(exporter.exposition()));
    r.get("/-/healthy").handler(ctx -> ctx.response().end("Healthy\n"));
    r.get("/-/ready")
        .handler(
            ctx -> {
              boolean ready = exporter.ready();
              ctx.response()
                  .setStatusCode(ready ? 200 : 503)
                  .end(ready ? "Ready\n" : "Not ready: first collection round still running\n");
            });
    r.get("/")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(LandingPage.html(exporter.collectorNames())));
    JsonError.install(r);
    return r;
  }

  @Override
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<Void> stop() {
    // In-flight scrapes and pushes get 5 s; the collectors stop whatever the outcome.
    return server
        .shutdown(5, TimeUnit.SECONDS)
        .transform(
            ar -> {
              exporter.close();
              return Future.<Void>succeededFuture();
            });
  }
}
