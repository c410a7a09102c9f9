package dev.botwatch.responder.http;

import dev.botwatch.common.http.JsonError;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.engine.Engine;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.Latch;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.watchdog.WatchdogTracker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The people-facing API: emergency stop and resume (control token), status and the action history.
 * Store reads run on workers; handlers only translate.
 */
final class ApiHandlers {
  private final Vertx vertx;
  private final ResponderConfig config;
  private final Engine engine;
  private final Store store;
  private final ActionExecutor executor;
  private final Supplier<WatchdogTracker.Status> watchdog;

  ApiHandlers(
      Vertx vertx,
      ResponderConfig config,
      Engine engine,
      Store store,
      ActionExecutor executor,
      Supplier<WatchdogTracker.Status> watchdog) {
    this.watchdog = watchdog;
    this.vertx = vertx;
    this.config = config;
    this.engine = engine;
    this.store = store;
    this.executor = executor;
  }

  private String knownBot(RoutingContext ctx) {
    String bot = ctx.pathParam("bot");
    if (!config.bots().containsKey(bot)) {
      JsonError.send(ctx, 404, "no bot named " + bot + " is configured", "bot");
      return null;
    }
    return bot;
  }

  void emergencyStop(RoutingContext ctx) {
    String bot = knownBot(ctx);
    if (bot == null) {
      return;
    }
    String reason = "manual emergency stop";
    String body = ctx.body().asString();
    if (body != null && !body.isBlank()) {
      try {
        JsonObject o = new JsonObject(body);
        Object r = o.getValue("reason");
        if (r != null && !(r instanceof String)) {
          JsonError.send(ctx, 400, "must be a string", "reason");
          return;
        }
        if (r != null) {
          String s = (String) r;
          reason = "manual: " + (s.length() > 200 ? s.substring(0, 200) : s);
        }
      } catch (DecodeException | ClassCastException e) {
        JsonError.send(ctx, 400, "body must be a JSON object", null);
        return;
      }
    }
    String why = reason;
    vertx
        .executeBlocking(() -> engine.emergency().stop(bot, why), false)
        .onSuccess(
            started -> {
              if (!started) {
                JsonError.send(ctx, 409, "emergency latch is already on for " + bot, "bot");
                return;
              }
              json(ctx, 202, new JsonObject().put("bot", bot).put("emergency", "started"));
            })
        .onFailure(e -> JsonError.send(ctx, 503, "could not record the emergency stop", null));
  }

  void resume(RoutingContext ctx) {
    String bot = knownBot(ctx);
    if (bot == null) {
      return;
    }
    Future.fromCompletionStage(engine.emergency().resume(bot), vertx.getOrCreateContext())
        .onSuccess(
            o -> {
              if (o.ok()) {
                json(
                    ctx,
                    200,
                    new JsonObject()
                        .put("bot", bot)
                        .put("resumed", true)
                        .put("detail", o.detail()));
              } else {
                JsonError.send(
                    ctx,
                    502,
                    new JsonObject()
                        .put("status", 502)
                        .put("error", "the bot did not confirm resume; the latch stays on")
                        .put("detail", o.detail()));
              }
            })
        .onFailure(e -> JsonError.send(ctx, 503, "resume failed inside the responder", null));
  }

  void status(RoutingContext ctx) {
    vertx
        .executeBlocking(this::statusJson, false)
        .onSuccess(o -> json(ctx, 200, o))
        .onFailure(e -> JsonError.send(ctx, 503, "audit store unavailable", null));
  }

  private JsonObject statusJson() {
    Map<String, Latch> latches = store.latches();
    List<Incident> open = store.openIncidents();
    JsonObject bots = new JsonObject();
    for (String bot : config.bots().keySet()) {
      Latch l = latches.get(bot);
      JsonArray incidents = new JsonArray();
      for (Incident i : open) {
        if (i.bot().equals(bot)) {
          incidents.add(
              new JsonObject()
                  .put("id", i.id())
                  .put("alertname", i.alertname())
                  .put("fingerprint", i.fingerprint())
                  .put("starts_at", i.startsAt())
                  .put("playbook", i.playbook())
                  .put("ladder_step", i.level())
                  .put("step_at", str(i.levelAt())));
        }
      }
      List<ActionRecord> last = store.actions(bot, 1, 0);
      bots.put(
          bot,
          new JsonObject()
              .put(
                  "emergency",
                  new JsonObject()
                      .put("active", l != null)
                      .put("since", l == null ? null : str(l.since()))
                      .put("reason", l == null ? null : l.reason())
                      .put("liquidated", l != null && l.liquidated()))
              .put("open_incidents", incidents)
              .put("last_action", last.isEmpty() ? null : action(last.get(0))));
    }
    return new JsonObject()
        .put("bots", bots)
        .put("watchdog", watchdogJson())
        .put("circuits", new JsonObject(Map.copyOf(executor.breakerStates())))
        .put("dry_run", config.dryRun())
        .put("profile", config.profile().name().toLowerCase(java.util.Locale.ROOT));
  }

  private JsonObject watchdogJson() {
    WatchdogTracker.Status w = watchdog.get();
    Instant stored = store.watchdogLastSeen();
    return new JsonObject()
        .put("alertname", config.watchdog().alertname())
        .put("last_seen", str(stored != null ? stored : w.lastSeen()))
        .put("missing", w.missing())
        .put("missing_after", config.watchdog().missingAfter().toString())
        .put("alerted_at", str(w.alertedAt()));
  }

  void actions(RoutingContext ctx) {
    String bot = ctx.request().getParam("bot");
    Integer limit = intParam(ctx, "limit", 50, 1, 500);
    if (limit == null) {
      return;
    }
    Integer offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    if (offset == null) {
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              JsonArray items = new JsonArray();
              store.actions(bot, limit, offset).forEach(a -> items.add(action(a)));
              return new JsonObject()
                  .put("total", store.countActions(bot))
                  .put("limit", limit)
                  .put("offset", offset)
                  .put("actions", items);
            },
            false)
        .onSuccess(o -> json(ctx, 200, o))
        .onFailure(e -> JsonError.send(ctx, 503, "audit store unavailable", null));
  }

  private static Integer intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    JsonError.send(ctx, 400, "must be an integer from " + min + " to " + max, name);
    return null;
  }

  static JsonObject action(ActionRecord a) {
    return new JsonObject()
        .put("id", a.id())
        .put("bot", a.bot())
        .put("incident", a.incidentId())
        .put("playbook", a.playbook())
        .put("step", a.step())
        .put("kind", a.kind())
        .put("status", a.status().id())
        .put("detail", a.detail())
        .put("planned_at", str(a.plannedAt()))
        .put("started_at", str(a.startedAt()))
        .put("ended_at", str(a.endedAt()));
  }

  private static String str(Instant t) {
    return t == null ? null : t.toString();
  }

  private static void json(RoutingContext ctx, int status, JsonObject o) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(o.encode());
  }
}
