package dev.botwatch.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A secret named by where it lives, never by its value: {@code {file: /run/secrets/token}} or
 * {@code {env: BOTWATCH_TOKEN}}. {@link #toString()} never shows the value.
 */
public record Secret(String file, String env) implements Validatable {

  @Override
  public void validate(String path, Problems p) {
    p.require((file == null) != (env == null), path, "must name exactly one of 'file' or 'env'");
  }

  /** Reads the secret now; trailing newlines of a file are dropped. */
  public String resolve() {
    return resolve(System.getenv());
  }

  public String resolve(Map<String, String> environment) {
    if (env != null) {
      String v = environment.get(env);
      if (v == null || v.isEmpty()) {
        throw new IllegalStateException("environment variable " + env + " is not set");
      }
      return v;
    }
    try {
      String v = Files.readString(Path.of(file)).strip();
      if (v.isEmpty()) {
        throw new IllegalStateException("secret file " + file + " is empty");
      }
      return v;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read secret file " + file + ": " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return env != null ? "Secret[env=" + env + "]" : "Secret[file=" + file + "]";
  }
}
