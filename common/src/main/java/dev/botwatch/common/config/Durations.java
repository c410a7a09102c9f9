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
 * Durations the way Prometheus people write them: {@code 250ms}, {@code 10s}, {@code 5m}, {@code
 * 1h}.
 */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    String t = text.trim();
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(t);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (use e.g. 500ms, 10s, 5m, 1h)");
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
