package dev.botwatch.exporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Typed reads of JSON fields that fail with the field's path: the only place that decides what a
 * number, a label value or an enum is on the wire, shared by events and state. Numbers must be
 * finite (JSON has no NaN, but 1e999 parses to Infinity); label values are 1-128 characters.
 */
final class Fields {
  static final int MAX_LABEL_LENGTH = 128;

  private final JsonNode node;
  private final String path;

  Fields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  String at(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  /** A required string; {@code allowed} (if non-null) lists the values it may take. */
  String string(String name, Set<String> allowed) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw IngestException.invalid(at(name), "is required");
    }
    return string(v, at(name), allowed);
  }

  String optString(String name, Set<String> allowed, String dflt) {
    return has(name) ? string(node.get(name), at(name), allowed) : dflt;
  }

  static String string(JsonNode v, String at, Set<String> allowed) {
    if (!v.isTextual()) {
      throw IngestException.invalid(at, "must be a string");
    }
    String s = v.textValue();
    if (allowed != null && !allowed.contains(s)) {
      throw IngestException.invalid(at, "must be one of " + new java.util.TreeSet<>(allowed));
    }
    return s;
  }

  /** A label value: a non-blank string of at most 128 characters. */
  static String label(JsonNode v, String at) {
    String s = string(v, at, null);
    if (s.isBlank() || s.length() > MAX_LABEL_LENGTH) {
      throw IngestException.invalid(at, "must be 1-" + MAX_LABEL_LENGTH + " characters");
    }
    return s;
  }

  String label(String name) {
    if (!has(name)) {
      throw IngestException.invalid(at(name), "is required");
    }
    return label(node.get(name), at(name));
  }

  String optLabel(String name, String dflt) {
    return has(name) ? label(node.get(name), at(name)) : dflt;
  }

  /** A required finite number {@code >= 0}. */
  double nonNegative(String name) {
    if (!has(name)) {
      throw IngestException.invalid(at(name), "is required");
    }
    return nonNegative(node.get(name), at(name));
  }

  /** An optional finite number {@code >= 0}; NaN when absent. */
  double optNonNegative(String name) {
    return has(name) ? nonNegative(node.get(name), at(name)) : Double.NaN;
  }

  static double nonNegative(JsonNode v, String at) {
    double d = number(v, at);
    if (d < 0) {
      throw IngestException.invalid(at, "must be >= 0");
    }
    return d;
  }

  /** A finite number of any sign. */
  static double number(JsonNode v, String at) {
    if (!v.isNumber()) {
      throw IngestException.invalid(at, "must be a number");
    }
    double d = v.doubleValue();
    if (!Double.isFinite(d)) {
      throw IngestException.invalid(at, "must be a finite number");
    }
    return d;
  }

  /** An optional whole number {@code >= 0}; -1 when absent. */
  long optCount(String name) {
    if (!has(name)) {
      return -1;
    }
    JsonNode v = node.get(name);
    double d = nonNegative(v, at(name));
    if (d != Math.rint(d) || d > 1e15) {
      throw IngestException.invalid(at(name), "must be a whole number");
    }
    return (long) d;
  }

  static boolean bool(JsonNode v, String at) {
    if (!v.isBoolean()) {
      throw IngestException.invalid(at, "must be true or false");
    }
    return v.booleanValue();
  }

  static JsonNode object(JsonNode v, String at) {
    if (!v.isObject()) {
      throw IngestException.invalid(at, "must be a JSON object");
    }
    return v;
  }
}
