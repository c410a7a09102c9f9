package dev.botwatch.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One case of a generated promtool test: the series of one subject (a bot, a host, ...) whose alert
 * value is {@code v} at evaluation time {@code t}. Scenarios add series through it; counters grow
 * linearly from 0 so that {@code rate} over a covered window is exact.
 */
public final class Probe {
  /** Builds the input series that give a subject the value {@code v}. */
  @FunctionalInterface
  public interface Scenario {
    void build(Probe p);
  }

  public record Series(String selector, String values) {}

  private final Map<String, String> labels;
  private final double v;
  private final long t;
  private final List<Series> series = new ArrayList<>();

  Probe(Map<String, String> labels, double v, long t) {
    this.labels = labels;
    this.v = v;
    this.t = t;
  }

  /** The value the alert should see. */
  public double v() {
    return v;
  }

  /** The evaluation time, seconds from the test start. */
  public long t() {
    return t;
  }

  List<Series> series() {
    return series;
  }

  /** The number of steps a series spans (promtool's {@code x N}). */
  public int steps() {
    return (int) (t / 60) + 5;
  }

  /** A gauge that is {@code value} the whole test. */
  public Probe gauge(String name, double value, String... extraLabels) {
    return values(name, num(value) + "x" + steps(), extraLabels);
  }

  /** A counter growing by {@code perMinute} every minute. */
  public Probe counter(String name, double perMinute, String... extraLabels) {
    return values(name, "0+" + num(perMinute) + "x" + steps(), extraLabels);
  }

  /** Explicit promtool values notation. */
  public Probe values(String name, String values, String... extraLabels) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    for (int i = 0; i + 1 < extraLabels.length; i += 2) {
      if (extraLabels[i + 1] == null) {
        all.remove(extraLabels[i]); // e.g. a bot-level series in a per-component case
      } else {
        all.put(extraLabels[i], extraLabels[i + 1]);
      }
    }
    String sel =
        all.entrySet().stream()
            .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
            .collect(Collectors.joining(",", name + "{", "}"));
    series.add(new Series(sel, values));
    return this;
  }

  /** A number as promtool and PromQL read it, without exponent or trailing zeros. */
  public static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
