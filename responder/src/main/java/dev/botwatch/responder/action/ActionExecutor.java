package dev.botwatch.responder.action;

import dev.botwatch.responder.config.LimitsConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that owns retries, the overall deadline, circuit breakers and action timing, so an
 * {@link Action} only ever makes one attempt (Alertmanager's notify/retry stage). Blocking: call it
 * from a worker thread, never an event loop.
 *
 * <p>Retry: exponential backoff from {@code initial_backoff} times {@code multiplier}, capped at
 * {@code max_backoff}, at most {@code max_attempts}, never past the deadline. A permanent failure
 * stops at once. An open breaker skips a recovery call (outcome skipped) and says so; it never
 * skips an emergency step ({@link Urgency#EMERGENCY}): an emergency stop must reach the bot
 * whatever failed before, so its outcomes still feed the breaker but the breaker never stands in
 * its way.
 */
public final class ActionExecutor {
  private static final Logger log = LoggerFactory.getLogger(ActionExecutor.class);

  /** Whether a circuit breaker may hold a call back. */
  public enum Urgency {
    /** Recovery and notices: an open breaker skips the call. */
    RECOVERY,
    /** A step of an emergency stop: always attempted, open breaker or not. */
    EMERGENCY
  }

  /** How the executor waits between attempts; tests may pass one that does not sleep. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final LimitsConfig.RetryConfig retry;
  private final Breakers breakers;
  private final ResponderMetrics metrics;
  private final Clock clock;
  private final Sleeper sleeper;

  public ActionExecutor(LimitsConfig limits, ResponderMetrics metrics, Clock clock) {
    this(limits, metrics, clock, d -> Thread.sleep(d.toMillis()));
  }

  public ActionExecutor(
      LimitsConfig limits, ResponderMetrics metrics, Clock clock, Sleeper sleeper) {
    this.retry = limits.retry();
    this.breakers = new Breakers(limits.breaker(), clock, metrics);
    this.metrics = metrics;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** The deadline for an action started now. */
  public Instant deadlineFromNow() {
    return clock.instant().plus(retry.deadline());
  }

  /** Runs {@code action} to a final outcome: dry-run, success, or the last failure. */
  public Outcome run(Action action, ActionContext ctx, boolean dryRun) {
    return run(action, ctx, dryRun, retry.maxAttempts());
  }

  /**
   * As {@link #run(Action, ActionContext, boolean)} with at most {@code maxAttempts}: 1 for an
   * action that must not happen twice (liquidation), since a timed-out call may have happened.
   */
  public Outcome run(Action action, ActionContext ctx, boolean dryRun, int maxAttempts) {
    return run(action, ctx, dryRun, maxAttempts, Urgency.RECOVERY);
  }

  /**
   * As {@link #run(Action, ActionContext, boolean, int)}; {@code urgency} {@link Urgency#EMERGENCY}
   * makes every attempt go out even while the target's breaker is open.
   */
  public Outcome run(
      Action action, ActionContext ctx, boolean dryRun, int maxAttempts, Urgency urgency) {
    // A label that cannot be used safely: nothing would be called, so no breaker, retry or
    // duration counts it, and a dry run shows the refusal it would meet.
    Outcome refused = action.refusal(ctx);
    if (refused != null) {
      return refused;
    }
    if (dryRun) {
      return Outcome.dryRun("dry run: would " + action.describe(ctx));
    }
    long t0 = System.nanoTime();
    try {
      return loop(action, ctx, Math.min(maxAttempts, retry.maxAttempts()), urgency);
    } finally {
      metrics.actionDuration.labelValues(action.kind()).observe((System.nanoTime() - t0) / 1e9);
    }
  }

  private Outcome loop(Action action, ActionContext ctx, int maxAttempts, Urgency urgency) {
    String target = action.target();
    Duration backoff = retry.initialBackoff();
    Outcome last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Instant now = clock.instant();
      if (!now.isBefore(ctx.deadline())) {
        return last == null
            ? Outcome.retryable("deadline passed before the first attempt")
            : note(last, attempt - 1, "deadline reached");
      }
      if (urgency == Urgency.RECOVERY && !breakers.allow(target)) {
        return last == null
            ? Outcome.skipped("circuit open for " + target + ": not called")
            : note(last, attempt - 1, "circuit opened");
      }
      Outcome o;
      Instant started = clock.instant();
      try {
        o = action.attempt(ctx);
      } catch (RuntimeException e) {
        // The contract says never throw; a bug in an action must not kill the bot's queue.
        log.error("action {} threw {}", action.kind(), e.getClass().getName());
        o = Outcome.permanent("action failed unexpectedly: " + e.getClass().getSimpleName());
      }
      breakers.record(target, o.ok(), Duration.between(started, clock.instant()));
      if (o.ok() || !o.retryable()) {
        return attempt == 1 ? o : note(o, attempt, null);
      }
      last = o;
      Duration left = Duration.between(clock.instant(), ctx.deadline());
      if (attempt == maxAttempts || left.isNegative() || left.isZero()) {
        break;
      }
      try {
        sleeper.sleep(backoff.compareTo(left) < 0 ? backoff : left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return note(last, attempt, "interrupted");
      }
      backoff = next(backoff);
    }
    return note(last, maxAttempts, maxAttempts == 1 ? "not retried" : "gave up");
  }

  private Duration next(Duration d) {
    long ms = (long) (d.toMillis() * retry.multiplier());
    Duration n = Duration.ofMillis(ms);
    return n.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : n;
  }

  private static Outcome note(Outcome o, int attempts, String why) {
    String d =
        o.detail()
            + " (after "
            + attempts
            + " attempt"
            + (attempts == 1 ? "" : "s")
            + (why == null ? "" : ", " + why)
            + ")";
    return new Outcome(o.status(), o.retryable(), d);
  }

  /** For {@code /api/v1/status}: targets whose breaker is open now. */
  public Map<String, String> breakerStates() {
    return breakers.states();
  }
}
