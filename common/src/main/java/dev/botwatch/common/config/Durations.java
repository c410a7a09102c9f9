package dev.botwatch.common.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every botwatch program, Prometheus' own: units {@code y} (365 days),
 * {@code w}, {@code d}, {@code h}, {@code m}, {@code s}, {@code ms}, largest first and each at most
 * once ({@code 250ms}, {@code 10s}, {@code 1h30m}, {@code 0}), so a value copied from a Prometheus
 * or Alertmanager file means the same here. ISO-8601 ({@code PT5M}) is accepted too.
 */
public final class Durations {
  private static final Pattern PROMETHEUS =
      Pattern.compile(
          "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

  private static final Duration[] UNITS = {
    Duration.ofDays(365),
    Duration.ofDays(7),
    Duration.ofDays(1),
    Duration.ofHours(1),
    Duration.ofMinutes(1),
    Duration.ofSeconds(1),
    Duration.ofMillis(1)
  };

  private Durations() {}

  /**
   * Parses {@code text}; throws {@link IllegalArgumentException} naming the syntax if it is not.
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.trim();
    if ("0".equals(t)) {
      return Duration.ZERO;
    }
    Matcher m = PROMETHEUS.matcher(t);
    if (!t.isEmpty() && m.matches()) {
      Duration d = Duration.ZERO;
      try {
        for (int i = 0; i < UNITS.length; i++) {
          if (m.group(i + 1) != null) {
            d = d.plus(UNITS[i].multipliedBy(Long.parseLong(m.group(i + 1))));
          }
        }
        return d;
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is too long a duration");
      }
    }
    try {
      return Duration.parse(t);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (use e.g. 500ms, 10s, 5m, 1h30m)");
    }
  }

  static SimpleModule module() {
    return new SimpleModule("botwatch-durations")
        .addDeserializer(
            Duration.class,
            new JsonDeserializer<>() {
              @Override
              public Duration deserialize(JsonParser p, DeserializationContext ctx)
                  throws IOException {
                try {
                  return parse(p.getValueAsString());
                } catch (IllegalArgumentException e) {
                  return (Duration)
                      ctx.handleWeirdStringValue(Duration.class, p.getText(), e.getMessage());
                }
              }
            });
  }
}
