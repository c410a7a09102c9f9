package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;

/** Where the audit store (one SQLite file, WAL) lives. */
public record StoreConfig(String path) implements Validatable {
  public StoreConfig {
    path = path == null ? "responder.db" : path;
  }

  @Override
  public void validate(String p, Problems problems) {
    problems.notBlank(path, p + ".path");
  }
}
