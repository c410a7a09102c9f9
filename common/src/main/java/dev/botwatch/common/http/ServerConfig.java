package dev.botwatch.common.http;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.time.Duration;

/**
 * Where a program listens, and how long a client may take. Loopback by default: exposing it is a
 * decision, not an accident.
 *
 * @param idleTimeout how long a connection may stay silent, and how long a kept-alive connection
 *     may take to send its next request after a response (default 2m: above Prometheus' scrape
 *     interval and the Alertmanager {@code group_interval} botwatch ships, so their keep-alive
 *     connections are reused rather than closed between requests)
 * @param requestTimeout how long a client may take to send a request's head (on a new connection,
 *     counted from the connect) and then its body (default 10s: a scrape or a webhook sends both in
 *     milliseconds)
 */
public record ServerConfig(String host, Integer port, Duration idleTimeout, Duration requestTimeout)
    implements Validatable {
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  public ServerConfig {
    host = host == null ? "127.0.0.1" : host;
    idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
    requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
  }

  public static ServerConfig of(String host, int port) {
    return new ServerConfig(host, port, null, null);
  }

  /** The same settings on another port (a program's default when the config names none). */
  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, idleTimeout, requestTimeout);
  }

  @Override
  public void validate(String path, Problems p) {
    p.notBlank(host, path + ".host");
    if (port == null) {
      p.add(path + ".port", "must be set");
    } else {
      p.port(port, path + ".port");
    }
    p.positive(idleTimeout, path + ".idle_timeout");
    p.positive(requestTimeout, path + ".request_timeout");
  }
}
