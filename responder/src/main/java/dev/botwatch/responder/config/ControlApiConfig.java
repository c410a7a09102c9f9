package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A bot's control API (docs/contracts.md): {@code POST <base_url>/control/<action>} unless {@code
 * endpoints} maps the action elsewhere. The token, when set, goes as {@code Authorization: Bearer}.
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
    p.notBlank(baseUrl, path + ".base_url");
    if (baseUrl != null && !baseUrl.isBlank()) {
      try {
        URI u = URI.create(baseUrl);
        p.require(
            ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null,
            path + ".base_url",
            "must be an http(s) URL with a host");
        p.require(
            u.getUserInfo() == null,
            path + ".base_url",
            "must not carry credentials (use token: {file: ...})");
      } catch (IllegalArgumentException e) {
        p.add(path + ".base_url", "is not a URL");
      }
    }
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

  /** Where and how one control action is called; {@code body} is a template. */
  public record EndpointConfig(String path, String method, String body) implements Validatable {
    @Override
    public void validate(String at, Problems p) {
      p.require(path == null || path.startsWith("/"), at + ".path", "must start with /");
      p.require(
          method == null || method.matches("GET|POST|PUT|PATCH|DELETE"),
          at + ".method",
          "must be one of GET, POST, PUT, PATCH, DELETE");
    }
  }
}
