package dev.botwatch.responder.report;

import dev.botwatch.common.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The {@code since} of an on-demand report: a time (RFC 3339) or a duration back from now. */
public final class ReportPeriod {
  /** The longest period one report covers: bounded work for the store and Prometheus. */
  public static final Duration MAX = Duration.ofDays(31);

  public static final Duration DEFAULT = Duration.ofHours(24);

  private ReportPeriod() {}

  /**
   * {@code since} as an instant before {@code now}: empty or null is 24 h ago; {@code
   * 2026-11-21T07:00:00Z} (any offset) is that time; {@code 90m}, {@code 24h}, {@code 7d} is that
   * long ago. Throws {@link IllegalArgumentException} saying what is wrong with it.
   */
  public static Instant since(String since, Instant now) {
    Instant t;
    if (since == null || since.isBlank()) {
      t = now.minus(DEFAULT);
    } else if (Character.isDigit(since.charAt(0)) && since.contains("T")) {
      try {
        t = OffsetDateTime.parse(since).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "must be an RFC 3339 time such as 2026-11-21T07:00:00Z, or a duration such as 24h");
      }
    } else {
      Duration d;
      try {
        d = Durations.parse(since);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "must be a duration such as 24h or 7d, or an RFC 3339 time such as"
                + " 2026-11-21T07:00:00Z");
      }
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("must be a duration > 0");
      }
      t = d.compareTo(MAX) > 0 ? null : now.minus(d);
    }
    if (t == null || t.isBefore(now.minus(MAX))) {
      throw new IllegalArgumentException("must be at most " + MAX.toDays() + " days ago");
    }
    if (!t.isBefore(now)) {
      throw new IllegalArgumentException("must be in the past");
    }
    return t;
  }
}
