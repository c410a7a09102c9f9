package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import java.net.URI;
import java.time.Duration;

/**
 * A Freqtrade bot's REST API ({@code api_server} in its config; HTTP Basic), for {@code freqtrade}
 * steps.
 *
 * <pre>{@code
 * freqtrade: {base_url: http://127.0.0.1:8080, username: freqtrader, password: {env: FT_PASSWORD}}
 * }</pre>
 */
public record FreqtradeConfig(String baseUrl, String username, Secret password, Duration timeout)
    implements Validatable {
  public FreqtradeConfig {
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  @Override
  public void validate(String path, Problems p) {
    p.notBlank(baseUrl, path + ".base_url");
    if (baseUrl != null && !baseUrl.isBlank()) {
      try {
        URI u = URI.create(baseUrl);
        p.require(
            ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                && u.getHost() != null
                && u.getUserInfo() == null,
            path + ".base_url",
            "must be an http(s) URL with a host and no credentials");
      } catch (IllegalArgumentException e) {
        p.add(path + ".base_url", "is not a URL");
      }
    }
    p.notBlank(username, path + ".username");
    if (password == null) {
      p.add(path + ".password", "must be set");
    } else {
      password.validate(path + ".password", p);
    }
    p.positive(timeout, path + ".timeout");
  }
}
