package dev.botwatch.exporter.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;

/**
 * {@code auth.token}: the bearer token bots must send to the event and state API, named by where it
 * lives ({@code {file: ...}} or {@code {env: ...}}). Without it the API is open, which is fine on
 * loopback. {@code /metrics} stays open: Prometheus scrapes it.
 */
public record AuthConfig(Secret token) implements Validatable {
  public static final AuthConfig NONE = new AuthConfig(null);

  @Override
  public void validate(String path, Problems p) {
    if (token != null) {
      token.validate(path + ".token", p);
    }
  }
}
