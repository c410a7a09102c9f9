package dev.botwatch.common.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one shape of every error botwatch answers: {@code
 * {"status":422,"error":"...","field":"..."}}. {@code field} names the offending input ({@code
 * events[3].duration_seconds}) when there is one.
 */
public final class JsonError {
  private JsonError() {}

  public static JsonObject body(int status, String error, String field) {
    JsonObject o = new JsonObject().put("status", status).put("error", error);
    if (field != null) {
      o.put("field", field);
    }
    return o;
  }

  public static Future<Void> send(RoutingContext ctx, int status, String error, String field) {
    return send(ctx, status, body(status, error, field));
  }

  public static Future<Void> send(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return Future.succeededFuture();
    }
    return ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  /**
   * Makes a router answer JSON everywhere: every uncaught failure becomes a JSON error instead of
   * an HTML page or a bare 500 (the message of an unexpected exception is not echoed: it may carry
   * input), and a path or method no route matches is a 404 or 405 naming {@code path} or {@code
   * method}. Call it after the routes, so a route's own failure handler comes first. It also makes
   * every GET route answer HEAD ({@link HeadRequests}).
   */
  public static void install(io.vertx.ext.web.Router router) {
    HeadRequests.install(router);
    router.errorHandler(404, ctx -> send(ctx, 404, "no such path", "path"));
    router.errorHandler(405, ctx -> send(ctx, 405, "method not allowed", "method"));
    router
        .route()
        .failureHandler(
            ctx -> {
              int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
              String message =
                  switch (status) {
                    case 400 -> "bad request";
                    case 401 -> "unauthorized";
                    case 404 -> "not found";
                    case 405 -> "method not allowed";
                    case 413 -> "request body too large";
                    case 415 -> "unsupported content type";
                    default -> status >= 500 ? "internal error" : "request failed";
                  };
              if (status >= 500 && ctx.failure() != null) {
                org.slf4j.LoggerFactory.getLogger(JsonError.class)
                    .error(
                        "unhandled failure on {} {}",
                        ctx.request().method(),
                        ctx.request().path(),
                        ctx.failure());
              }
              send(ctx, status, message, null);
            });
  }
}
