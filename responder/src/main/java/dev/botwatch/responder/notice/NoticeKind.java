package dev.botwatch.responder.notice;

/** What a notice to people is about; {@link #step} is its step name in the audit trail. */
public enum NoticeKind {
  MANUAL_INTERVENTION("manual-intervention", "needs you", true),
  RECOVERED("recovered", "recovered", false),
  EMERGENCY("emergency-notice", "emergency stop", false),
  /** An emergency stop that could not stop the bot: a person must, now. */
  CRITICAL("manual-intervention-critical", "CRITICAL: not stopped", false);

  /** The playbook column of notice rows: they are messages to people, not recovery. */
  public static final String PLAYBOOK = "notify";

  public final String step;

  /** How a grouped message labels it. */
  public final String label;

  /**
   * Waits for its bot's grouping window when others came just before it. Only manual-intervention
   * notices storm (one per incident once the caps run out); the others are bounded by the caps or
   * by emergency stops and go out at once, within the hourly limit.
   */
  public final boolean grouped;

  NoticeKind(String step, String label, boolean grouped) {
    this.step = step;
    this.label = label;
    this.grouped = grouped;
  }

  /** Asks a person to act (counted in "N incidents need you"). */
  public boolean needsYou() {
    return this == MANUAL_INTERVENTION || this == CRITICAL;
  }

  /** The kind of a notice row by its step name. */
  public static NoticeKind ofStep(String step) {
    for (NoticeKind k : values()) {
      if (k.step.equals(step)) {
        return k;
      }
    }
    throw new IllegalArgumentException("no notice kind has the step " + step);
  }
}
