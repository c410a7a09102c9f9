package dev.botwatch.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every validation problem of a config tree, each named by its path ({@code
 * bots.paper.control.timeout must be > 0}), so a bad config lists all its errors at once.
 */
public final class Problems {
  private final List<String> errors = new ArrayList<>();

  public Problems add(String path, String message) {
    errors.add(path + " " + message);
    return this;
  }

  public Problems require(boolean ok, String path, String message) {
    if (!ok) {
      add(path, message);
    }
    return this;
  }

  public Problems positive(Duration d, String path) {
    return require(d != null && !d.isNegative() && !d.isZero(), path, "must be > 0");
  }

  public Problems positive(long n, String path) {
    return require(n > 0, path, "must be > 0");
  }

  public Problems port(int port, String path) {
    return require(port >= 0 && port <= 65535, path, "must be a port number (0-65535)");
  }

  public Problems notBlank(String s, String path) {
    return require(s != null && !s.isBlank(), path, "must be set");
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Throws a {@link ConfigException} listing everything collected, if anything was. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }
}
