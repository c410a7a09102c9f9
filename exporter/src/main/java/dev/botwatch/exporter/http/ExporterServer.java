package dev.botwatch.exporter.http;

import dev.botwatch.common.Launcher;
import dev.botwatch.common.http.BearerAuth;
import dev.botwatch.common.http.JsonError;
import dev.botwatch.common.http.MetricsHandler;
import dev.botwatch.common.http.SlowClients;
import dev.botwatch.exporter.Exporter;
import dev.botwatch.exporter.config.ExporterConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The exporter's HTTP server; every route is listed in {@link #router}. {@code /metrics} and the
 * health endpoints are open; the ingest API takes the optional bearer token. Responses are gzipped
 * when the client asks.
 *
 * <p>One server instance runs per event loop ({@link #INSTANCES}); Vert.x shares the listening
 * socket between them and hands each new connection to the next, so scrapes and pushes use every
 * core instead of one.
 */
public final class ExporterServer implements Launcher.Running {
  static final int INSTANCES = 2;

  private final List<HttpServer> servers;
  private final Exporter exporter;

  private ExporterServer(List<HttpServer> servers, Exporter exporter) {
    this.servers = servers;
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
    // Port 0 means any free port; Vert.x shares a random port between servers only when it is
    // asked for as a negative number.
    int port = cfg.server().port() == 0 ? -1 : cfg.server().port();
    HttpServerOptions options =
        SlowClients.options(cfg.server()).setPort(port).setCompressionSupported(true);
    SlowClients guard = SlowClients.guard(vertx, cfg.server(), exporter.registry());
    List<HttpServer> servers = new CopyOnWriteArrayList<>();
    return vertx
        .deployVerticle(
            () ->
                new VerticleBase() {
                  @Override
                  public Future<?> start() {
                    return guard.listen(options, router).onSuccess(servers::add);
                  }
                },
            new DeploymentOptions().setInstances(INSTANCES))
        // Collectors start once the port is bound: OSHI's first SystemInfo (~700 ms of class
        // loading) then competes with nothing on the start-up path; /-/ready waits for it.
        .map(id -> new ExporterServer(List.copyOf(servers), exporter.start()));
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
    return servers.get(0).actualPort();
  }

  @Override
  public Future<Void> stop() {
    // In-flight scrapes and pushes get 5 s; the collectors stop whatever the outcome.
    return Future.join(servers.stream().map(s -> s.shutdown(5, TimeUnit.SECONDS)).toList())
        .transform(
            ar -> {
              exporter.close();
              return Future.<Void>succeededFuture();
            });
  }
}
