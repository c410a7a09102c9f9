package dev.botwatch.responder.notify;

import dev.botwatch.responder.action.Outcome;
import java.time.Instant;
import java.util.Locale;

/**
 * One step the responder took (or skipped), as a notification reports it.
 *
 * @param step the playbook step ({@code soft}, {@code cancel_orders}, ...)
 * @param action the action kind ({@code http}, {@code command}, ...)
 * @param outcome {@code success}, {@code failure}, {@code refused}, {@code skipped}, {@code
 *     dry_run}, {@code rate_limited}, ...; "(retryable)" may follow
 * @param detail what happened, already free of secrets (see {@link Outcome#detail()})
 */
public record StepReport(String step, String action, String outcome, String detail, Instant at) {

  public static StepReport of(String step, String action, Outcome o, Instant at) {
    String outcome = o.status().name().toLowerCase(Locale.ROOT);
    if (o.status() == Outcome.Status.FAILURE) {
      outcome += o.retryable() ? " (retryable)" : " (permanent)";
    }
    return new StepReport(step, action, outcome, o.detail(), at);
  }

  /** A failure, or a step refused because a label could not be used safely: both need a look. */
  public boolean failed() {
    return outcome != null && (outcome.startsWith("failure") || outcome.startsWith("refused"));
  }

  public boolean succeeded() {
    return outcome != null && outcome.startsWith("success");
  }
}
