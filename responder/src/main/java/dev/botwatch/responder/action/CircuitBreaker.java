package dev.botwatch.responder.action;

import java.time.Duration;
import java.time.Instant;

/**
 * A small circuit breaker for blocking calls (the Vert.x one wants Futures on an event loop; our
 * actions block on workers). Closed until {@code maxFailures} failures in a row, then open for
 * {@code resetTimeout}, then half-open: one trial call closes or re-opens it.
 */
public final class CircuitBreaker {
  /** Where the breaker stands. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int maxFailures;
  private final Duration resetTimeout;
  private int failures;
  private Instant openedAt;
  private boolean trialRunning;

  public CircuitBreaker(int maxFailures, Duration resetTimeout) {
    this.maxFailures = maxFailures;
    this.resetTimeout = resetTimeout;
  }

  /** Whether a call may go out now; in half-open state only one trial at a time. */
  public synchronized boolean allow(Instant now) {
    State s = state(now);
    if (s == State.CLOSED) {
      return true;
    }
    if (s == State.HALF_OPEN && !trialRunning) {
      trialRunning = true;
      return true;
    }
    return false;
  }

  public synchronized void record(boolean success, Instant now) {
    trialRunning = false;
    if (success) {
      failures = 0;
      openedAt = null;
      return;
    }
    failures++;
    if (openedAt != null || failures >= maxFailures) {
      openedAt = now;
    }
  }

  public synchronized State state(Instant now) {
    if (openedAt == null) {
      return State.CLOSED;
    }
    return now.isBefore(openedAt.plus(resetTimeout)) ? State.OPEN : State.HALF_OPEN;
  }
}
