package dev.botwatch.responder.model;

import java.util.Locale;

/**
 * Where one step of the audit trail stands. {@link #id} is the word the store, the API, the console
 * and {@code responder_actions_total{outcome}} use.
 */
public enum ActionStatus {
  /** Written with its run, not started yet. */
  PLANNED,
  /** Claimed by a process and being attempted. */
  RUNNING,
  SUCCESS,
  FAILURE,
  /** A label could not be used safely: nothing was sent, run, read or written. */
  REFUSED,
  /** Dry-run: recorded with what would have happened, nothing called. */
  DRY_RUN,
  /** Not attempted: the alert resolved, a latch, an open breaker, nothing configured... */
  SKIPPED,
  /** Was running when the responder stopped. */
  INTERRUPTED,
  /** A notice waiting to go out with others of its bot as one message. */
  HELD;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ActionStatus of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }

  /** Nothing more happens to the step. */
  public boolean isFinal() {
    return this != PLANNED && this != RUNNING && this != HELD;
  }

  /** Counts as done for the step that stops a bot: it succeeded, or would have in a dry run. */
  public boolean ok() {
    return this == SUCCESS || this == DRY_RUN;
  }
}
