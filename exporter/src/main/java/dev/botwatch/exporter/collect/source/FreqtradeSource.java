package dev.botwatch.exporter.collect.source;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import java.time.Duration;

/**
 * A Freqtrade bot's REST API: {@code url} is the server's base ({@code http://127.0.0.1:8080};
 * {@code /api/v1/...} is appended), {@code username}/{@code password} its {@code api_server}
 * credentials (HTTP Basic), {@code timeout} per request (default 5s).
 */
public record FreqtradeSource(String url, String username, Secret password, Duration timeout)
    implements Validatable {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public FreqtradeSource {
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (url != null && url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
  }

  @Override
  public void validate(String at, Problems p) {
    p.require(
        url != null && url.matches("https?://[^@]+"),
        at + ".url",
        "must be an http(s) URL without credentials");
    p.positive(timeout, at + ".timeout");
    p.require(
        (username == null) == (password == null),
        at,
        "must set both username and password, or neither");
    if (password != null) {
      password.validate(at + ".password", p);
    }
  }
}
