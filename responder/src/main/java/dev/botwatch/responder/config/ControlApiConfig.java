package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.responder.template.JsonTemplate;
import dev.botwatch.responder.template.UrlTemplate;
import java.time.Duration;
import java.util.Map;

/**
 * A bot's control API (docs/contracts.md): {@code POST <base_url>/control/<action>} unless {@code
 * endpoints} maps the action elsewhere. The token, when set, goes as {@code Authorization: Bearer}.
 * {@code base_url} is never templated: every call goes to its scheme, host and port.
 */
public record ControlApiConfig(
    String baseUrl, Secret token, Duration timeout, Map<String, EndpointConfig> endpoints)
    implements Validatable {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public ControlApiConfig {
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
  }

  /** The endpoint for a control action: the configured one or {@code POST /control/<action>}. */
  public EndpointConfig endpoint(String action) {
    EndpointConfig e = endpoints.get(action);
    EndpointConfig dflt = new EndpointConfig("/control/" + action, "POST", null);
    if (e == null) {
      return dflt;
    }
    return new EndpointConfig(
        e.path() == null ? dflt.path() : e.path(),
        e.method() == null ? dflt.method() : e.method(),
        e.body());
  }

  @Override
  public void validate(String path, Problems p) {
    UrlTemplate.validateBase(baseUrl, path + ".base_url", p);
    if (token != null) {
      token.validate(path + ".token", p);
    }
    p.positive(timeout, path + ".timeout");
    endpoints.forEach(
        (k, v) -> {
          if (v != null) {
            v.validate(path + ".endpoints." + k, p);
          }
        });
  }

  /**
   * Where and how one control action is called. {@code path} is a URL template below {@code
   * base_url} (label values percent-encoded, optional {@code ?query}); {@code body} a JSON template
   * whose placeholders stand inside string values.
   */
  public record EndpointConfig(String path, String method, String body) implements Validatable {
    @Override
    public void validate(String at, Problems p) {
      UrlTemplate.validate(path, at + ".path", p);
      JsonTemplate.validate(body, at + ".body", p);
      p.require(
          method == null || method.matches("GET|POST|PUT|PATCH|DELETE"),
          at + ".method",
          "must be one of GET, POST, PUT, PATCH, DELETE");
    }
  }
}
