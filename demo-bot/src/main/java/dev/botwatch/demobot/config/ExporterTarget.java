package dev.botwatch.demobot.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import java.net.URI;
import java.time.Duration;

/**
 * Where the bot reports: the exporter's base URL, its optional ingest token, a per-request timeout,
 * and how many events to keep while the exporter is unreachable (the oldest are dropped past it).
 */
public record ExporterTarget(String url, Secret token, Duration timeout, Integer bufferEvents)
    implements Validatable {
  public ExporterTarget {
    url = url == null ? "http://127.0.0.1:9310" : url.replaceAll("/+$", "");
    timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    bufferEvents = bufferEvents == null ? 2000 : bufferEvents;
  }

  @Override
  public void validate(String path, Problems p) {
    try {
      URI u = URI.create(url);
      p.require(
          ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null,
          path + ".url",
          "must be an http(s) URL with a host");
      p.require(u.getUserInfo() == null, path + ".url", "must not carry credentials (use token)");
    } catch (IllegalArgumentException e) {
      p.add(path + ".url", "is not a URL");
    }
    if (token != null) {
      token.validate(path + ".token", p);
    }
    p.positive(timeout, path + ".timeout");
    p.require(bufferEvents >= 0, path + ".buffer_events", "must be >= 0");
  }

  /** Reads the token now, or null when the exporter needs none. */
  public String tokenValue() {
    return token == null ? null : token.resolve();
  }
}
