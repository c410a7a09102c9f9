package dev.botwatch.exporter.collect.source;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import java.net.URI;
import java.time.Duration;

/**
 * One probe of something a bot depends on. {@code kind}: {@code http} ({@code url}, optional {@code
 * expected_status} (default any 2xx), {@code body_contains}, {@code username}+{@code password} for
 * Basic or {@code bearer_token}), {@code tcp} ({@code host}, {@code port}), {@code dns} ({@code
 * host}), {@code jdbc} ({@code url}, {@code query} default {@code SELECT 1}, {@code username},
 * {@code password}). {@code name} is the {@code target} label; it defaults to the host (http, tcp,
 * dns) and must be set for jdbc, whose URL may carry credentials and never becomes a label.
 */
public record ProbeSource(
    String name,
    String kind,
    String url,
    String host,
    Integer port,
    String query,
    Duration timeout,
    Integer expectedStatus,
    String bodyContains,
    String username,
    Secret password,
    Secret bearerToken)
    implements Validatable {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public ProbeSource {
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if ("jdbc".equals(kind) && query == null) {
      query = "SELECT 1";
    }
  }

  /** The {@code target} label: the name, or a credential-free default. */
  public String target() {
    if (name != null) {
      return name;
    }
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case "http" -> safeHost(url);
      case "tcp" -> host == null ? null : host + ":" + port;
      case "dns" -> host;
      default -> null;
    };
  }

  private static String safeHost(String url) {
    try {
      URI u = URI.create(url);
      return u.getHost() == null ? null : u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public void validate(String at, Problems p) {
    p.require(
        kind != null && kind.matches("http|tcp|dns|jdbc"),
        at + ".kind",
        "must be one of http, tcp, dns, jdbc");
    p.positive(timeout, at + ".timeout");
    if (name != null) {
      p.require(
          name.matches("[A-Za-z0-9_.:/-]{1,64}"),
          at + ".name",
          "must match [A-Za-z0-9_.:/-]{1,64}");
    }
    if (password != null) {
      password.validate(at + ".password", p);
    }
    if (bearerToken != null) {
      bearerToken.validate(at + ".bearer_token", p);
    }
    if (kind == null) {
      return;
    }
    switch (kind) {
      case "http" -> {
        p.require(url != null && url.matches("https?://.+"), at + ".url", "must be an http(s) URL");
        if (url != null && url.matches("https?://.+")) {
          p.require(safeHost(url) != null, at + ".url", "is not a valid URL");
        }
        if (expectedStatus != null) {
          p.require(
              expectedStatus >= 100 && expectedStatus <= 599,
              at + ".expected_status",
              "must be an HTTP status (100-599)");
        }
        p.require(
            password == null || bearerToken == null,
            at,
            "must not set both password and bearer_token");
      }
      case "tcp" -> {
        p.notBlank(host, at + ".host");
        p.require(port != null && port > 0 && port <= 65535, at + ".port", "must be 1-65535");
      }
      case "dns" -> p.notBlank(host, at + ".host");
      case "jdbc" -> {
        p.require(url != null && url.startsWith("jdbc:"), at + ".url", "must be a jdbc: URL");
        p.notBlank(name, at + ".name");
        p.notBlank(query, at + ".query");
      }
      default -> {}
    }
  }
}
