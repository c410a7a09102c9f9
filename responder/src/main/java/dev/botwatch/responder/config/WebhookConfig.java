package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;

/**
 * How Alertmanager authenticates on {@code POST /alerts}: a bearer token ({@code
 * http_config.authorization}) and/or basic auth ({@code http_config.basic_auth}); at least one is
 * required, an open webhook would let anyone restart a bot.
 */
public record WebhookConfig(Secret token, BasicAuthConfig basicAuth, Long bodyLimitBytes)
    implements Validatable {
  public static final long DEFAULT_BODY_LIMIT = 1024 * 1024;

  public WebhookConfig {
    bodyLimitBytes = bodyLimitBytes == null ? DEFAULT_BODY_LIMIT : bodyLimitBytes;
  }

  /** Basic auth as Alertmanager sends it; the password is a {@link Secret}. */
  public record BasicAuthConfig(String username, Secret password) implements Validatable {
    @Override
    public void validate(String path, Problems p) {
      p.notBlank(username, path + ".username");
      if (password == null) {
        p.add(path + ".password", "must be set");
      } else {
        password.validate(path + ".password", p);
      }
    }
  }

  @Override
  public void validate(String path, Problems p) {
    p.require(
        token != null || basicAuth != null,
        path + ".token",
        "must be set (or " + path + ".basic_auth): the webhook is never open");
    if (token != null) {
      token.validate(path + ".token", p);
    }
    if (basicAuth != null) {
      basicAuth.validate(path + ".basic_auth", p);
    }
    p.positive(bodyLimitBytes, path + ".body_limit_bytes");
  }
}
