package dev.botwatch.common.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Requires {@code Authorization: Bearer <token>}. The comparison is constant-time, the token is
 * never logged, and anything else gets 401 with a JSON error. A null token disables the check.
 */
public final class BearerAuth implements Handler<RoutingContext> {
  private final byte[] expected;

  private BearerAuth(String token) {
    this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  public static BearerAuth of(String tokenOrNull) {
    return new BearerAuth(tokenOrNull);
  }

  public boolean enabled() {
    return expected != null;
  }

  /** True if the header carries the token; false for a missing or wrong one. */
  public boolean accepts(String authorizationHeader) {
    if (expected == null) {
      return true;
    }
    byte[] given =
        authorizationHeader == null
            ? new byte[0]
            : authorizationHeader.getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (accepts(ctx.request().getHeader("Authorization"))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"botwatch\"");
    JsonError.send(ctx, 401, "missing or invalid bearer token", "Authorization");
  }
}
