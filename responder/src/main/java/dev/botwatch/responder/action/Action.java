package dev.botwatch.responder.action;

/**
 * One kind of thing the responder can do to or about a bot: call its control API, run a command,
 * restore a file, send an email or a chat message. Shaped like an Alertmanager notifier: {@link
 * #attempt} tries exactly once and says whether a failure is retryable; retries, backoff, the
 * overall deadline, circuit breakers and metrics belong to the one executor, never to an action.
 *
 * <p>{@code attempt} may block (HTTP, SMTP, a child process): the executor runs it on a worker
 * thread, never on an event loop. It never throws: every failure is an {@link Outcome}.
 */
public interface Action {
  /** {@code http}, {@code command}, {@code restore_file}, {@code email}, {@code webhook}, ... */
  String kind();

  /**
   * The circuit-breaker key: what fails together (a bot's control API host:port, the SMTP server, a
   * chat webhook host). Never contains a secret.
   */
  String target();

  /** Says what the action would do, for dry-run records and the audit store; no secrets. */
  String describe(ActionContext ctx);

  Outcome attempt(ActionContext ctx);

  /**
   * A {@link Outcome#refused refused} outcome when this action's templates cannot be rendered
   * safely from {@code ctx}'s labels, else null. Checked before any attempt, breaker or dry-run;
   * calls nothing. {@link #attempt} refuses the same way on its own, so an action is safe however
   * it is called.
   */
  default Outcome refusal(ActionContext ctx) {
    return null;
  }
}
