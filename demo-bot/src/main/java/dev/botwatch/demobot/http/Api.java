package dev.botwatch.demobot.http;

import dev.botwatch.common.http.BearerAuth;
import dev.botwatch.common.http.JsonError;
import dev.botwatch.demobot.DemoBot;
import dev.botwatch.demobot.sim.ControlException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;

/**
 * Every route of the demo bot, in one place:
 *
 * <ul>
 *   <li>{@code POST /control/<action>}: the bot contract's control API (bearer token when {@code
 *       control_token} is set), optional JSON object body;
 *   <li>{@code GET /faults}, {@code POST /faults/<name>} (optional JSON parameters), {@code DELETE
 *       /faults/<name>}: fault injection, open like the rest of a loopback demo;
 *   <li>{@code GET /status}: the bot's state, active faults and control call counts;
 *   <li>{@code GET /-/healthy}.
 * </ul>
 *
 * Errors are JSON ({@link JsonError}): 400 unparsable body, 401 token, 403 refused, 404 unknown
 * action or fault, 422 a bad field.
 */
public final class Api {
  static final int BODY_LIMIT = 64 * 1024;

  private Api() {}

  public static Router router(Vertx vertx, DemoBot bot, String controlToken) {
    Router r = Router.router(vertx);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    r.get("/-/healthy").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "ok")));
    r.get("/status").handler(ctx -> json(ctx, 200, new JsonObject(bot.status())));
    r.get("/faults").handler(ctx -> json(ctx, 200, new JsonObject().put("faults", bot.faults())));
    r.post("/faults/:name")
        .handler(body)
        .handler(ctx -> answer(ctx, bodyOf(ctx), b -> bot.fault(ctx.pathParam("name"), true, b)));
    r.delete("/faults/:name")
        .handler(ctx -> answer(ctx, Map.of(), b -> bot.fault(ctx.pathParam("name"), false, b)));
    r.post("/control/:action")
        .handler(body) // Vert.x wants the body handler first; the limit keeps that cheap
        .handler(BearerAuth.of(controlToken))
        .handler(ctx -> answer(ctx, bodyOf(ctx), b -> bot.control(ctx.pathParam("action"), b)));
    JsonError.install(r);
    return r;
  }

  private static void answer(
      RoutingContext ctx,
      Map<String, Object> parsed,
      java.util.function.Function<Map<String, Object>, Future<Map<String, Object>>> call) {
    if (parsed == null) {
      return; // bodyOf answered already
    }
    Future<Map<String, Object>> f;
    try {
      f = call.apply(parsed);
    } catch (ControlException e) {
      f = Future.failedFuture(e);
    }
    f.onSuccess(m -> json(ctx, 200, new JsonObject(m)))
        .onFailure(
            t -> {
              if (t instanceof ControlException c) {
                JsonError.send(ctx, c.status(), c.getMessage(), c.field());
              } else {
                ctx.fail(t);
              }
            });
  }

  /** The body as a JSON object, empty when there is none; null after answering 400. */
  private static Map<String, Object> bodyOf(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() <= 0) {
      return Map.of();
    }
    String text = ctx.body().asString();
    if (text.isBlank()) {
      return Map.of();
    }
    try {
      Object v = Json.decodeValue(text);
      if (v instanceof JsonObject o) {
        return o.getMap();
      }
      if (v instanceof Map<?, ?> m) {
        return new JsonObject(castMap(m)).getMap();
      }
    } catch (DecodeException e) {
      // The message quotes the input: answer with a fixed text instead.
      JsonError.send(ctx, 400, "body is not valid JSON", "body");
      return null;
    }
    JsonError.send(ctx, 400, "body must be a JSON object", "body");
    return null;
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encodePrettily());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
