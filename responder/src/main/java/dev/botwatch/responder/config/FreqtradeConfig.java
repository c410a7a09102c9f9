package dev.botwatch.responder.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.responder.template.UrlTemplate;
import java.time.Duration;

/**
 * A Freqtrade bot's REST API ({@code api_server} in its config), for {@code freqtrade} steps and
 * for resuming a Freqtrade-only bot.
 *
 * <pre>{@code
 * freqtrade:
 *   base_url: http://127.0.0.1:8080
 *   username: freqtrader
 *   password: {env: FT_PASSWORD}
 *   auth: jwt                 # jwt (POST /api/v1/token/login, then Bearer) or basic
 *   version: "2025.4"         # optional: skip asking /api/v1/version
 *   process_throttle: 5s      # Freqtrade's internals.process_throttle_secs
 *   poll_interval: 250ms      # how often /show_config is asked while waiting for a state
 * }</pre>
 */
public record FreqtradeConfig(
    String baseUrl,
    String username,
    Secret password,
    Duration timeout,
    Auth auth,
    String version,
    Duration processThrottle,
    Duration pollInterval)
    implements Validatable {

  /** How requests authenticate; Freqtrade accepts both on every version. */
  public enum Auth {
    /** Log in once with Basic at {@code /api/v1/token/login}, then send the access token. */
    @JsonProperty("jwt")
    JWT,
    /** HTTP Basic on every request. */
    @JsonProperty("basic")
    BASIC
  }

  public FreqtradeConfig {
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    auth = auth == null ? Auth.JWT : auth;
    processThrottle = processThrottle == null ? Duration.ofSeconds(5) : processThrottle;
    pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
  }

  public FreqtradeConfig(String baseUrl, String username, Secret password, Duration timeout) {
    this(baseUrl, username, password, timeout, null, null, null, null);
  }

  @Override
  public void validate(String path, Problems p) {
    // The same rule as a control API's: every call goes to this scheme, host and port.
    UrlTemplate.validateBase(baseUrl, path + ".base_url", p);
    p.notBlank(username, path + ".username");
    if (password == null) {
      p.add(path + ".password", "must be set");
    } else {
      password.validate(path + ".password", p);
    }
    p.positive(timeout, path + ".timeout");
    p.require(
        version == null || version.matches("\\d{4}\\.\\d{1,2}([.-].*)?"),
        path + ".version",
        "must be a Freqtrade version such as 2024.10 or 2025.4");
    p.require(!processThrottle.isNegative(), path + ".process_throttle", "must be >= 0");
    p.positive(pollInterval, path + ".poll_interval");
  }
}
