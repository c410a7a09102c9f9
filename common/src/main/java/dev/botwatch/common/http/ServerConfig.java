package dev.botwatch.common.http;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;

/** Where a program listens. Loopback by default: exposing it is a decision, not an accident. */
public record ServerConfig(String host, Integer port) implements Validatable {
  public ServerConfig {
    host = host == null ? "127.0.0.1" : host;
  }

  public static ServerConfig of(String host, int port) {
    return new ServerConfig(host, port);
  }

  @Override
  public void validate(String path, Problems p) {
    p.notBlank(host, path + ".host");
    if (port == null) {
      p.add(path + ".port", "must be set");
    } else {
      p.port(port, path + ".port");
    }
  }
}
