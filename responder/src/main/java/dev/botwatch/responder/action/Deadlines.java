package dev.botwatch.responder.action;

import java.time.Duration;
import java.time.Instant;

/**
 * Like an Alertmanager notifier honouring its context: one attempt never outlives the executor's
 * deadline ({@link dev.botwatch.responder.action.ActionContext#deadline()}), whatever timeout the
 * config allows.
 */
public final class Deadlines {
  private Deadlines() {}

  /**
   * {@code timeout}, cut to what is left until {@code deadline}. A deadline that is absent or
   * already past leaves the timeout alone: whether to attempt at all is the executor's call.
   */
  public static Duration within(Duration timeout, Instant deadline, Instant now) {
    if (deadline == null || !deadline.isAfter(now)) {
      return timeout;
    }
    Duration left = Duration.between(now, deadline);
    return left.compareTo(timeout) < 0 ? left : timeout;
  }
}
