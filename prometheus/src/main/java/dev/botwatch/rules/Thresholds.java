package dev.botwatch.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.botwatch.common.config.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers of {@code prometheus/thresholds.yml}: per alert, keys such as {@code warning}, {@code
 * critical} and {@code for}, each either one value for both profiles or {@code {production: x,
 * development: y}}. Values may carry a unit a person reads easily: {@code 0.05%}, {@code 400MiB},
 * {@code 2m}. A key the generator asks for and the file lacks is an error naming its path, so a
 * typo never silently becomes a default.
 */
public final class Thresholds {
  public static final List<String> PROFILES = List.of("production", "development");

  /**
   * What reads as a duration rather than a number: digits with a unit ({@code 2m}, {@code 1h30m}).
   */
  private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");

  private static final Pattern BYTES = Pattern.compile("([0-9.]+)\\s*(B|KiB|MiB|GiB|TiB)");

  private final JsonNode root;
  private final java.util.Set<String> read = new java.util.HashSet<>();

  Thresholds(JsonNode root) {
    this.root = root;
  }

  public static Thresholds load(Path file) {
    try {
      return new Thresholds(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public boolean has(String alert, String key) {
    return root.path(alert).has(key);
  }

  /** The raw text of {@code alert.key} for the profile. */
  public String text(String alert, String key, String profile) {
    read.add(alert + "." + key);
    JsonNode n = root.path(alert).path(key);
    if (n.isObject()) {
      n = n.path(profile);
    }
    if (n.isMissingNode() || n.isNull() || n.isContainerNode()) {
      throw new IllegalArgumentException(
          "thresholds.yml: " + alert + "." + key + " (" + profile + ") is missing");
    }
    return n.asText().trim();
  }

  /**
   * A plain number, a percentage ({@code 0.05%} = 0.0005), a byte size ({@code 400MiB}) or a
   * duration in seconds ({@code 2m} = 120).
   */
  public double num(String alert, String key, String profile) {
    String t = text(alert, key, profile);
    try {
      if (t.endsWith("%")) {
        return Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100;
      }
      if (DURATION.matcher(t).matches()) {
        return parseSeconds(t, alert + "." + key);
      }
      Matcher b = BYTES.matcher(t);
      if (b.matches()) {
        int power = List.of("B", "KiB", "MiB", "GiB", "TiB").indexOf(b.group(2));
        return Double.parseDouble(b.group(1)) * Math.pow(1024, power);
      }
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "thresholds.yml: " + alert + "." + key + " (" + profile + ") is not a number: " + t);
    }
  }

  /**
   * Keys of the file nothing asked for, and per-profile maps with other keys than the profiles:
   * probably typos, which would otherwise leave the intended alert on its old number.
   */
  public List<String> unknownKeys() {
    List<String> out = new java.util.ArrayList<>();
    root.fields()
        .forEachRemaining(
            a ->
                a.getValue()
                    .fields()
                    .forEachRemaining(
                        k -> {
                          String path = a.getKey() + "." + k.getKey();
                          if (!read.contains(path)) {
                            out.add(path);
                          }
                          k.getValue()
                              .fieldNames()
                              .forEachRemaining(
                                  p -> {
                                    if (!PROFILES.contains(p)) {
                                      out.add(path + "." + p);
                                    }
                                  });
                        }));
    return out;
  }

  /** A Prometheus duration ({@code 90s}, {@code 5m}, {@code 1h}) in seconds. */
  public long seconds(String alert, String key, String profile) {
    return parseSeconds(text(alert, key, profile), alert + "." + key);
  }

  /** A duration in botwatch's one syntax, Prometheus' ({@link Durations}), in whole seconds. */
  static long parseSeconds(String d, String where) {
    try {
      return Durations.parse(d).toSeconds();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "thresholds.yml: " + where + " is not a duration: " + d + " (" + e.getMessage() + ")");
    }
  }

  /** Seconds as a Prometheus duration in the largest unit that divides them: 300 → 5m. */
  public static String duration(long s) {
    if (s == 0) {
      return "0s";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
