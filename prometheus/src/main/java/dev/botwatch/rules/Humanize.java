package dev.botwatch.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Prometheus' template functions ({@code humanize}, {@code humanize1024}, {@code
 * humanizePercentage}, {@code humanizeDuration}, Go's {@code %.4g}) in Java, so that thresholds in
 * descriptions read like the live value next to them and the generated tests can state the exact
 * annotation promtool must produce.
 */
public final class Humanize {
  private Humanize() {}

  /** Go's {@code fmt.Sprintf("%.4g", v)}. */
  public static String g4(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal r = new BigDecimal(v).round(new MathContext(4, RoundingMode.HALF_EVEN));
    int exp = r.precision() - r.scale() - 1;
    if (exp < -4 || exp >= 4) {
      BigDecimal mant = r.movePointLeft(exp).stripTrailingZeros();
      String e = String.format("%s%02d", exp < 0 ? "-" : "+", Math.abs(exp));
      return mant.toPlainString() + "e" + e;
    }
    return r.stripTrailingZeros().toPlainString();
  }

  public static String humanize(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    String[] big = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
    String[] small = {"m", "u", "n", "p", "f", "a", "z", "y"};
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : big) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
    } else {
      for (String p : small) {
        if (Math.abs(v) >= 1) {
          break;
        }
        prefix = p;
        v *= 1000;
      }
    }
    return g4(v) + prefix;
  }

  public static String humanize1024(double v) {
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    String prefix = "";
    for (String p : new String[] {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return g4(v) + prefix;
  }

  public static String percentage(double v) {
    return g4(v * 100) + "%";
  }

  public static String duration(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    if (v == 0) {
      return "0s";
    }
    if (Math.abs(v) >= 1) {
      String sign = v < 0 ? "-" : "";
      v = Math.abs(v);
      long d = (long) v;
      long seconds = d % 60;
      long minutes = (d / 60) % 60;
      long hours = (d / 3600) % 24;
      long days = d / 86400;
      if (days != 0) {
        return String.format("%s%dd %dh %dm %ds", sign, days, hours, minutes, seconds);
      }
      if (hours != 0) {
        return String.format("%s%dh %dm %ds", sign, hours, minutes, seconds);
      }
      if (minutes != 0) {
        return String.format("%s%dm %ds", sign, minutes, seconds);
      }
      return sign + g4(v) + "s";
    }
    String prefix = "";
    for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix + "s";
  }
}
