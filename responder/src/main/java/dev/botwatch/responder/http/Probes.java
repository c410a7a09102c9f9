package dev.botwatch.responder.http;

import dev.botwatch.common.http.JsonError;
import dev.botwatch.responder.engine.IntakeBacklog;
import io.vertx.ext.web.Router;

/**
 * Liveness and readiness. {@code /-/healthy} is {@code OK} while the process serves. {@code
 * /-/ready} is {@code Ready} unless intake falls behind ({@link IntakeBacklog#behind}): then 503
 * with a JSON body saying why, the webhooks waiting and the oldest one's wait. Before the store is
 * open and the previous run's actions are recovered, {@link StartGate} answers (503 {@code
 * starting}).
 */
final class Probes {
  private Probes() {}

  /** {@code /-/healthy}: the process serves. */
  static void healthy(Router r) {
    r.get("/-/healthy").handler(ctx -> ctx.response().end("OK\n"));
  }

  static void install(Router r, IntakeBacklog backlog) {
    healthy(r);
    r.get("/-/ready")
        .handler(
            ctx -> {
              String why = backlog.behind();
              if (why == null) {
                ctx.response().end("Ready\n");
                return;
              }
              JsonError.send(
                  ctx,
                  503,
                  JsonError.body(503, why, null)
                      .put("reason", "intake_behind")
                      .put("pending", backlog.pending())
                      .put("oldest_pending_seconds", backlog.oldestWait().toMillis() / 1000.0));
            });
  }
}
