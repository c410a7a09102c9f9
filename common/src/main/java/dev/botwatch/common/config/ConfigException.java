package dev.botwatch.common.config;

import java.util.List;

/** A configuration that cannot be used; {@link #errors()} names every problem by its path. */
public final class ConfigException extends RuntimeException {
  private final List<String> errors;

  public ConfigException(List<String> errors) {
    super("invalid configuration:\n  - " + String.join("\n  - ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
