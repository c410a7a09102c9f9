package dev.botwatch.responder.watchdog;

import java.time.Duration;
import java.time.Instant;

/**
 * The dead man's switch: Alertmanager sends the always-firing Watchdog alert to the responder again
 * and again; when none arrives for {@code missing_after}, the pipeline is broken and someone must
 * hear about it, once.
 *
 * <pre>{@code
 * WatchdogTracker wd = new WatchdogTracker(config.missingAfter(), clock.instant());
 * wd.seen(clock.instant());                    // on each Watchdog notification
 * if (wd.check(clock.instant()) == Check.ALERT) {   // from a periodic timer
 *   email.send(Messages.watchdogMissing(wd.status().lastSeen(), wd.status().since(), ...));
 * }
 * }</pre>
 *
 * <p>Pure: time comes in as arguments. Thread-safe: the webhook handler and the timer may call it
 * concurrently.
 */
public final class WatchdogTracker {
  /** What {@link #check} found. */
  public enum Check {
    /** A Watchdog arrived within {@code missing_after}. */
    OK,
    /** Missing for {@code missing_after}, reported now: notify someone. Once per silence. */
    ALERT,
    /** Still missing; already reported. */
    STILL_MISSING
  }

  /**
   * For {@code /api/v1/status}.
   *
   * @param lastSeen the last Watchdog notification, null if none since {@code since}
   * @param since when watching started
   * @param missing whether an alert has been raised for the current silence
   * @param alertedAt when that alert was raised, null if not missing
   */
  public record Status(
      Instant lastSeen, Instant since, Duration missingAfter, boolean missing, Instant alertedAt) {}

  private final Duration missingAfter;
  private final Instant since;
  private Instant lastSeen;
  private Instant alertedAt;

  /**
   * @param since when watching starts: a responder that never hears a Watchdog raises the alarm
   *     {@code missing_after} after it started
   */
  public WatchdogTracker(Duration missingAfter, Instant since) {
    if (missingAfter.isNegative() || missingAfter.isZero()) {
      throw new IllegalArgumentException("missing_after must be > 0");
    }
    this.missingAfter = missingAfter;
    this.since = since;
  }

  /**
   * Records a Watchdog notification and re-arms the alarm.
   *
   * @return true if this ends a silence that was reported (a "pipeline back" notice may follow)
   */
  public synchronized boolean seen(Instant at) {
    if (lastSeen == null || at.isAfter(lastSeen)) {
      lastSeen = at;
    }
    boolean wasMissing = alertedAt != null;
    alertedAt = null;
    return wasMissing;
  }

  public synchronized Check check(Instant now) {
    if (alertedAt != null) {
      return Check.STILL_MISSING;
    }
    Instant from = lastSeen != null ? lastSeen : since;
    if (Duration.between(from, now).compareTo(missingAfter) >= 0) {
      alertedAt = now;
      return Check.ALERT;
    }
    return Check.OK;
  }

  public synchronized Status status() {
    return new Status(lastSeen, since, missingAfter, alertedAt != null, alertedAt);
  }
}
