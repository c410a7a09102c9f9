package dev.botwatch.responder.http;

import dev.botwatch.common.http.JsonError;
import dev.botwatch.common.http.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * What the responder's port answers while it starts. The port is bound as soon as the config is
 * read, so liveness and the responder's own metrics answer at once; the store opens (and a previous
 * run's actions are recovered) behind it. Until {@link #open} hands over the full router, {@code
 * /-/healthy} is {@code OK}, {@code /metrics} serves what is registered, and everything else,
 * {@code /-/ready} and the webhook included, answers 503 with {@code "reason": "starting"} and a
 * {@code Retry-After}: Alertmanager retries a 503, so no notification is lost, and nothing is
 * accepted before it can be written down.
 */
public final class StartGate implements Handler<HttpServerRequest> {
  private final Router starting;
  private volatile Router ready;

  public StartGate(Vertx vertx, PrometheusRegistry registry) {
    starting = Router.router(vertx);
    starting.get("/metrics").handler(new MetricsHandler(registry));
    Probes.healthy(starting);
    starting
        .route()
        .handler(
            ctx -> {
              ctx.response().putHeader("Retry-After", "1");
              JsonError.send(
                  ctx,
                  503,
                  JsonError.body(503, "starting: the audit store is being opened", null)
                      .put("reason", "starting"));
            });
    JsonError.install(starting);
  }

  /** From now on every request goes to {@code router}. */
  public void open(Router router) {
    ready = router;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Router r = ready;
    (r != null ? r : starting).handle(request);
  }
}
