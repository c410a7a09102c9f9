package dev.botwatch.common.config;

/** A config record that checks itself; {@code path} is where it sits in the tree. */
public interface Validatable {
  void validate(String path, Problems problems);
}
