package dev.botwatch.responder.http;

import dev.botwatch.common.http.BearerAuth;
import dev.botwatch.common.http.JsonError;
import dev.botwatch.common.http.MetricsHandler;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.engine.Engine;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.report.ReportBuilder;
import dev.botwatch.responder.report.ReportRenderer;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.watchdog.WatchdogTracker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;

/** Every route of the responder, in one place. */
public final class Routes {
  private static final long API_BODY_LIMIT = 4096;

  private Routes() {}

  /**
   * @param webhookAuth Alertmanager's credentials
   * @param controlTokenOrNull the control token, null when not configured (control API closed)
   */
  public static Router router(
      Vertx vertx,
      ResponderConfig config,
      Engine engine,
      Store store,
      ActionExecutor executor,
      ResponderMetrics metrics,
      PrometheusRegistry registry,
      WebhookAuth webhookAuth,
      String controlTokenOrNull,
      java.util.function.Supplier<WatchdogTracker.Status> watchdog,
      ReportBuilder reports,
      Clock clock) {
    Router r = Router.router(vertx);
    AlertsHandler alerts = new AlertsHandler(vertx, engine, metrics, webhookAuth);
    // Vert.x 5 requires the body handler before user handlers, so an oversize body is 413
    // even without credentials; anything within the limit is checked for them first.
    r.post("/alerts")
        .handler(BodyHandler.create(false).setBodyLimit(config.webhook().bodyLimitBytes()))
        .handler(alerts::authenticate)
        .handler(alerts::handle)
        .failureHandler(alerts::failed);

    ApiHandlers api = new ApiHandlers(vertx, config, engine, store, executor, watchdog);
    // No control token configured: the control API answers 401 to everyone, never opens.
    BearerAuth control = BearerAuth.of(controlTokenOrNull == null ? "" : controlTokenOrNull);
    r.post("/api/v1/bots/:bot/emergency-stop")
        .handler(BodyHandler.create(false).setBodyLimit(API_BODY_LIMIT))
        .handler(ctx -> guard(ctx, control, controlTokenOrNull != null))
        .handler(api::emergencyStop);
    r.post("/api/v1/bots/:bot/resume")
        .handler(BodyHandler.create(false).setBodyLimit(API_BODY_LIMIT))
        .handler(ctx -> guard(ctx, control, controlTokenOrNull != null))
        .handler(api::resume);
    r.get("/api/v1/status").handler(api::status);
    r.get("/api/v1/actions").handler(api::actions);
    ReportHandler report =
        new ReportHandler(vertx, reports, new ReportRenderer(config.report().zone()), clock);
    r.get("/api/v1/report").handler(report::handle);
    r.get("/metrics").handler(new MetricsHandler(registry));
    Probes.install(r, engine.intake().backlog());
    // The console: one static page over /api/v1/status and /api/v1/actions.
    r.get("/")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .sendFile("console/index.html"));
    r.get("/console/*").handler(StaticHandler.create("console"));
    r.get("/api/v1")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("name", "botwatch-responder")
                            .put(
                                "endpoints",
                                new io.vertx.core.json.JsonArray()
                                    .add("POST /alerts")
                                    .add("POST /api/v1/bots/{bot}/emergency-stop")
                                    .add("POST /api/v1/bots/{bot}/resume")
                                    .add("GET /api/v1/status")
                                    .add("GET /api/v1/actions?bot=&limit=&offset=")
                                    .add("GET /api/v1/report?since=&format=json|html")
                                    .add("GET /metrics")
                                    .add("GET /-/healthy")
                                    .add("GET /-/ready")
                                    .add("GET / (console)"))
                            .encode()));
    JsonError.install(r);
    return r;
  }

  private static void guard(
      io.vertx.ext.web.RoutingContext ctx, BearerAuth control, boolean configured) {
    if (configured && control.accepts(ctx.request().getHeader("Authorization"))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"botwatch\"");
    JsonError.send(
        ctx,
        401,
        configured ? "missing or invalid control token" : "control.token is not configured",
        "Authorization");
  }
}
