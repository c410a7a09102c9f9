package dev.botwatch.exporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Typed reads of JSON fields that fail with the field's path: the only place that decides what a
 * number, a label value or an enum is on the wire, shared by events and state. Numbers must be
 * finite (JSON has no NaN, but 1e999 parses to Infinity) and in their kind's range: ratios 0-1,
 * counts whole and {@code >= 0}, durations {@code >= 0}, timestamps plausible Unix seconds; label
 * values are 1-128 characters.
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

  JsonNode node(String name) {
    return node.get(name);
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
    return (long) count(node.get(name), at(name));
  }

  /** A share: a finite number from 0 to 1. */
  static double ratio(JsonNode v, String at) {
    double d = number(v, at);
    if (d < 0 || d > 1) {
      throw IngestException.invalid(at, "must be between 0 and 1");
    }
    return d;
  }

  /** A count: a whole number {@code >= 0}. */
  static double count(JsonNode v, String at) {
    double d = nonNegative(v, at);
    if (d != Math.rint(d) || d > 1e15) {
      throw IngestException.invalid(at, "must be a whole number");
    }
    return d;
  }

  /** 2000-01-01T00:00:00Z: anything earlier is an unset clock or a count, not a time. */
  static final double EARLIEST = 946_684_800;

  /** 2100-01-01T00:00:00Z: anything later is milliseconds (or microseconds) sent as seconds. */
  static final double LATEST = 4_102_444_800.0;

  /** Slack for clocks that disagree a little. */
  static final double MAX_FUTURE_SECONDS = 300;

  /**
   * A moment that has happened: Unix seconds from 2000 until {@code now} (plus a little clock
   * skew). A timestamp from the future is almost always milliseconds sent as seconds; accepted, it
   * would make a heartbeat look fresh for decades and hide a dead bot.
   */
  static double pastTime(JsonNode v, String at, double now) {
    double d = number(v, at);
    if (d > now + MAX_FUTURE_SECONDS) {
      throw IngestException.invalid(
          at, "is in the future: Unix seconds expected, not milliseconds");
    }
    if (d < EARLIEST) {
      throw IngestException.invalid(at, "must be Unix seconds after 2000-01-01");
    }
    return d;
  }

  /** A deadline: 0 for none, else Unix seconds between 2000 and 2100 (it may lie ahead). */
  static double deadline(JsonNode v, String at) {
    double d = number(v, at);
    if (d != 0 && (d < EARLIEST || d > LATEST)) {
      throw IngestException.invalid(at, "must be 0 (none) or Unix seconds between 2000 and 2100");
    }
    return d;
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
