package dev.botwatch.responder.engine;

import dev.botwatch.responder.model.ActionStatus;

/**
 * One increment of {@code responder_actions_total}, decided inside a transaction and applied only
 * after it committed (a rolled-back plan counts nothing).
 */
public record Counted(String bot, String playbook, String action, String outcome) {
  /** The outcome of a step recorded as final when it was planned (skipped, say). */
  static Counted of(String bot, String playbook, String action, ActionStatus status) {
    return new Counted(bot, playbook, action, status.id());
  }

  /** A cap held a playbook back; the action label is the playbook. */
  static Counted rateLimited(String bot, String playbook) {
    return new Counted(bot, playbook, playbook, "rate_limited");
  }
}
