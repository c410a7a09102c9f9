package dev.botwatch.responder.action.build;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.config.StepConfig;
import java.time.Duration;

/**
 * Which {@link Action} a playbook step, or a resume, is on a given bot. An action that cannot be
 * built comes back as a reason (the bot has no control API configured, say), so the step is
 * recorded skipped instead of failing the run.
 */
public interface ActionFactory {
  /**
   * An action, or why there is none.
   *
   * @param step the configured step, null for a resume
   * @param budget at least this long for the step, whatever the retry deadline (a slow restart
   *     command), or null
   * @param kind the action kind the audit trail records
   */
  record Built(Action action, StepConfig step, String whyNot, Duration budget, String kind) {
    public static Built of(Action action, StepConfig step) {
      return new Built(action, step, null, null, action.kind());
    }

    public static Built none(StepConfig step, String kind, String whyNot) {
      return new Built(null, step, whyNot, null, kind);
    }
  }

  /** Step {@code seq} of {@code playbook} on {@code bot}. */
  Built build(String bot, String playbook, int seq);

  /** Resuming {@code bot} after an emergency, the way its emergency sequence stopped it. */
  Built resume(String bot);
}
