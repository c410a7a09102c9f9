package dev.botwatch.responder.model;

import java.util.Locale;

/** What a run is for; a run is one claimed dedupe key with its planned steps. */
public enum RunKind {
  /** A recovery playbook: counted against the caps, stands down while latched. */
  RECOVERY,
  /** An emergency stop: never capped, latches the bot, every step always attempted. */
  EMERGENCY,
  /** A message to people: once per incident and kind. */
  NOTICE,
  /** A person's resume of a latched bot (its one step has no run row). */
  RESUME;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunKind of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
