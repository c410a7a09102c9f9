package dev.botwatch.responder.action;

import dev.botwatch.responder.model.ActionStatus;

/**
 * What one attempt of an action came to, after Alertmanager's notifiers: success, or a failure that
 * says whether trying again could help ({@code retryable}: a 503, a reset connection, a timeout) or
 * not (a 400, a missing file, a bad argument). {@code detail} is for people and the audit store: it
 * never contains a secret, a full URL with credentials or a payload.
 */
public record Outcome(Status status, boolean retryable, String detail) {
  public enum Status {
    SUCCESS,
    FAILURE,
    /** Dry-run: planned and recorded, nothing called. */
    DRY_RUN,
    /** Not attempted: a cap, a cooldown, an open circuit or a latch stood in the way. */
    SKIPPED,
    /**
     * Not attempted: a templated value could not be used safely (a label that would leave a
     * directory or the configured origin, start an option...). Never retried, never counted as a
     * call by a circuit breaker; for the ladder and notices it is a failure.
     */
    REFUSED
  }

  public static Outcome success(String detail) {
    return new Outcome(Status.SUCCESS, false, detail);
  }

  public static Outcome retryable(String detail) {
    return new Outcome(Status.FAILURE, true, detail);
  }

  public static Outcome permanent(String detail) {
    return new Outcome(Status.FAILURE, false, detail);
  }

  public static Outcome dryRun(String detail) {
    return new Outcome(Status.DRY_RUN, false, detail);
  }

  public static Outcome skipped(String detail) {
    return new Outcome(Status.SKIPPED, false, detail);
  }

  public static Outcome refused(String detail) {
    return new Outcome(Status.REFUSED, false, "refused: " + detail);
  }

  /** How the audit trail records this outcome. */
  public ActionStatus recorded() {
    return switch (status) {
      case SUCCESS -> ActionStatus.SUCCESS;
      case FAILURE -> ActionStatus.FAILURE;
      case DRY_RUN -> ActionStatus.DRY_RUN;
      case SKIPPED -> ActionStatus.SKIPPED;
      case REFUSED -> ActionStatus.REFUSED;
    };
  }

  public boolean ok() {
    return status == Status.SUCCESS || status == Status.DRY_RUN;
  }
}
