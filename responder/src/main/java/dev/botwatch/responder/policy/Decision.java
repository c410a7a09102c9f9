package dev.botwatch.responder.policy;

/** What to do about one alert of a notification. */
public sealed interface Decision {
  /** Record the notification only (recovery none, unknown bot, nothing configured). */
  record RecordOnly(String reason) implements Decision {}

  /** Nothing new: the current step's verify window is still running, or no step is left. */
  record Wait(String reason) implements Decision {}

  /** Plan and run {@code playbook} now, the next rung of the ladder (or the first). */
  record Run(String playbook, boolean standDown, String reason) implements Decision {}

  /** A cap stands in the way; {@code exhausted}: a person must look (one email per incident). */
  record RateLimited(String playbook, String reason, boolean exhausted) implements Decision {}

  /** The ladder is exhausted: one manual-intervention notice per incident. */
  record Manual(String reason) implements Decision {}

  /** The alert resolved: close the incident, reset the ladder, say so. */
  record Close() implements Decision {}
}
