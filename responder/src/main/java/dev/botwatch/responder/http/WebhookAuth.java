package dev.botwatch.responder.http;

import dev.botwatch.common.http.BearerAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Alertmanager's credentials on {@code POST /alerts}: {@code Authorization: Bearer <token>} or
 * {@code Basic <user:password>}, whichever is configured, compared in constant time. Secrets are
 * resolved once at start and live only here.
 */
public final class WebhookAuth {
  private final BearerAuth bearer;
  private final byte[] basic;

  public WebhookAuth(String tokenOrNull, String usernameOrNull, String passwordOrNull) {
    this.bearer = tokenOrNull == null ? null : BearerAuth.of(tokenOrNull);
    this.basic =
        usernameOrNull == null
            ? null
            : ("Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (usernameOrNull + ":" + passwordOrNull)
                                .getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
  }

  public boolean accepts(String authorization) {
    boolean ok = false;
    // Both checks always run, so timing says nothing about which scheme is configured.
    if (bearer != null) {
      ok |= authorization != null && bearer.accepts(authorization);
    }
    if (basic != null) {
      byte[] given =
          authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
      ok |= MessageDigest.isEqual(basic, given);
    }
    return ok;
  }
}
