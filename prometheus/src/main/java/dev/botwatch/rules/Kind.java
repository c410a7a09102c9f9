package dev.botwatch.rules;

/**
 * What an alert's value is, which decides how a description shows it ({@code $value} and the
 * threshold through the same Prometheus humanizer) and which values the generated tests probe on
 * either side of a threshold.
 */
public enum Kind {
  /** A 0..1 ratio, shown as a percentage. */
  RATIO("{{ $value | humanizePercentage }}"),
  /** Seconds of latency or scan time. */
  SECONDS("{{ $value | humanizeDuration }}"),
  /** Seconds since something last happened; the tests add {@code for} to the probed age. */
  AGE("{{ $value | humanizeDuration }}"),
  /**
   * A timestamp that stopped changing: the threshold is a range window ({@code %W%}), so the e2e
   * time compression shortens it with the other windows. The value shown is the age. The tests
   * probe whole minutes: updated every minute until {@code t - v}, then frozen.
   */
  STALE("{{ $value | humanizeDuration }}"),
  BYTES("{{ $value | humanize1024 }}B"),
  NUMBER("{{ $value | humanize }}"),
  /**
   * Counted events (restarts, failures), shown rounded: increase() extrapolates, and "1000m
   * failures" helps nobody. The tests probe whole numbers one step away.
   */
  COUNT("{{ $value | printf \"%.0f\" }}"),
  /** A condition without a number (process down, switch on): only {@code for} is a threshold. */
  STATE(null);

  private final String valueTemplate;

  Kind(String valueTemplate) {
    this.valueTemplate = valueTemplate;
  }

  /** The Go template that renders {@code $value} in a description. */
  public String valueTemplate() {
    if (valueTemplate == null) {
      throw new IllegalStateException(this + " has no value to show");
    }
    return valueTemplate;
  }

  /** What the template renders for {@code v} (also used for thresholds in the text). */
  public String human(double v) {
    return switch (this) {
      case RATIO -> Humanize.percentage(v);
      case SECONDS, AGE, STALE -> Humanize.duration(v);
      case BYTES -> Humanize.humanize1024(v) + "B";
      case NUMBER -> Humanize.humanize(v);
      case COUNT -> String.format(java.util.Locale.ROOT, "%.0f", v);
      case STATE -> throw new IllegalStateException("STATE has no value");
    };
  }

  /** A value on the alerting side of {@code t}, near it: 10% past (whole steps for counts). */
  public double firing(Cmp cmp, double t, long forSeconds) {
    return switch (this) {
      case COUNT -> cmp.worse(t, 1) + (cmp.inclusive() ? -cmp.sign() : 0);
      case AGE -> t + Math.max(t * 0.1, 60) + forSeconds;
      // frozen for the whole window before `for` starts, plus a minute
      case STALE -> Math.ceil((t + forSeconds) / 60) * 60 + 60;
      case RATIO -> cmp.sign() > 0 ? Math.min(t * 1.1, (t + 1) / 2) : t * 0.9;
      case SECONDS -> offMinute(cmp.worse(t, Math.abs(t) * 0.1), cmp.sign());
      default -> cmp.worse(t, Math.abs(t) * 0.1);
      case STATE -> 1;
    };
  }

  /**
   * humanizeDuration truncates to whole seconds past a minute, so 98.99999 shows as "1m 38s": probe
   * half a second further out so float noise cannot change the text.
   */
  private static double offMinute(double v, int direction) {
    return Math.abs(v) >= 60 ? v + direction * 0.5 : v;
  }

  /** A value on the quiet side of {@code t}, near it. */
  public double quiet(Cmp cmp, double t) {
    return switch (this) {
      case COUNT -> cmp.inclusive() ? cmp.better(t, 1) : Math.max(cmp.better(t, 1), t >= 0 ? 0 : t);
      case RATIO -> cmp.sign() > 0 ? t * 0.9 : Math.min(t * 1.1, (t + 1) / 2);
      // the last two updates still inside the window, so changes() sees one
      case STALE -> Math.max(0, Math.floor(t / 60) * 60 - 60);
      case SECONDS -> offMinute(cmp.better(t, Math.abs(t) * 0.1), -cmp.sign());
      default -> cmp.better(t, Math.abs(t) * 0.1);
      case STATE -> 0;
    };
  }
}
