package dev.botwatch.responder.http;

import dev.botwatch.common.http.JsonError;
import dev.botwatch.responder.alert.Notification;
import dev.botwatch.responder.alert.PayloadException;
import dev.botwatch.responder.alert.PayloadParser;
import dev.botwatch.responder.engine.Engine;
import dev.botwatch.responder.metrics.ResponderMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /alerts}: parse, store the notification and its planned steps, answer. The runs go to
 * the bots' queues as the transaction commits; the answer waits for that commit, never for them.
 * 400 for anything malformed (Alertmanager does not retry 4xx, and would only resend the same
 * bytes); 503 only when the store write failed, so Alertmanager resends.
 */
final class AlertsHandler {
  private static final Logger log = LoggerFactory.getLogger(AlertsHandler.class);

  private final Vertx vertx;
  private final Engine engine;
  private final ResponderMetrics metrics;
  private final WebhookAuth auth;
  private final PayloadParser parser = new PayloadParser();

  AlertsHandler(Vertx vertx, Engine engine, ResponderMetrics metrics, WebhookAuth auth) {
    this.vertx = vertx;
    this.engine = engine;
    this.metrics = metrics;
    this.auth = auth;
  }

  /** Runs before parsing: a wrong token costs no JSON work. */
  void authenticate(RoutingContext ctx) {
    if (auth.accepts(ctx.request().getHeader("Authorization"))) {
      ctx.next();
      return;
    }
    reject(ctx, 401, "auth", "missing or invalid credentials", "Authorization");
  }

  void handle(RoutingContext ctx) {
    Notification n;
    try {
      n = parser.parse(ctx.body().asString());
    } catch (PayloadException e) {
      reject(ctx, 400, "invalid", e.getMessage(), e.field());
      return;
    }
    // Straight to the store's writer, which plans inside the transaction: no worker thread waits
    // for the commit, and the answer goes out on this event loop once the commit is durable.
    Future.fromCompletionStage(engine.intake().recordAsync(n), vertx.getOrCreateContext())
        .onSuccess(
            plan -> {
              metrics.webhooks.labelValues("200").inc();
              ctx.response()
                  .putHeader("Content-Type", "application/json")
                  .end(
                      new JsonObject()
                          .put("status", "accepted")
                          .put("alerts", n.alerts().size())
                          .put("planned", plan.runs().size())
                          .encode());
            })
        .onFailure(
            e -> {
              log.error("could not store a notification: {}", e.toString());
              reject(ctx, 503, "store", "could not record the notification; send it again", null);
            });
  }

  /** Failure handler of the route: the body limit (413) and anything unexpected. */
  void failed(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status == 413) {
      reject(ctx, 413, "too_large", "request body too large", null);
    } else {
      if (ctx.failure() != null) {
        log.error("webhook failed: {}", ctx.failure().toString());
      }
      metrics.webhooks.labelValues(String.valueOf(status)).inc();
      JsonError.send(ctx, status, status >= 500 ? "internal error" : "request failed", null);
    }
  }

  private void reject(RoutingContext ctx, int status, String reason, String error, String field) {
    metrics.webhooks.labelValues(String.valueOf(status)).inc();
    metrics.webhooksRejected.labelValues(reason).inc();
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"botwatch\"");
    }
    JsonError.send(ctx, status, error, field);
  }
}
