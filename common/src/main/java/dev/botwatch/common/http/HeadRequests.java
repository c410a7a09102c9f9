package dev.botwatch.common.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * Answers {@code HEAD} wherever {@code GET} is answered, as HTTP requires of every server (RFC 9110
 * §9.3.2): monitoring probes, {@code curl -I} and link checkers send it, and Vert.x Web otherwise
 * answers a route declared with {@code get()} with 405. Every route that takes GET also takes HEAD,
 * so HEAD runs exactly the GET handlers (status, headers) and Vert.x's HTTP server leaves the body
 * out because the request was HEAD. A path with no GET route keeps its 404 or 405. {@link
 * JsonError#install} calls this once the routes are in place.
 */
public final class HeadRequests {
  private HeadRequests() {}

  /** Adds HEAD to every route of {@code router} that takes GET; call it after the routes. */
  public static void install(Router router) {
    for (Route route : router.getRoutes()) {
      if (route.methods() != null && route.methods().contains(HttpMethod.GET)) {
        route.method(HttpMethod.HEAD);
      }
    }
  }
}
