package dev.botwatch.responder.action;

import dev.botwatch.responder.config.LimitsConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One circuit breaker per action target, resilience4j's, driven by hand because actions block on
 * workers ({@code tryAcquirePermission} before a recovery call, {@code onSuccess}/{@code onError}
 * after every call). Closed until {@code max_failures} calls in a row failed, then open for {@code
 * reset_timeout}, then half-open: one trial call closes or re-opens it.
 *
 * <p>Emergency steps never ask for permission, so no breaker ever holds one back; their outcomes
 * are still recorded, so a target that fails an emergency stays protected from recovery calls. An
 * open breaker stays open for its whole {@code reset_timeout} even if an emergency call succeeds
 * meanwhile: recovery waits for the trial call, the cautious side.
 *
 * <p>Not Vert.x's circuit breaker: it runs futures on an event loop, and these calls block.
 */
final class Breakers {
  /** What {@code onError} needs: the outcome is in the audit trail, not in this exception. */
  private static final Exception FAILED = new Exception("call failed", null, false, false) {};

  private final CircuitBreakerConfig config;
  private final ResponderMetrics metrics;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  Breakers(LimitsConfig.BreakerConfig c, Clock clock, ResponderMetrics metrics) {
    this.metrics = metrics;
    this.config =
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(c.maxFailures())
            .minimumNumberOfCalls(c.maxFailures())
            .failureRateThreshold(100)
            .waitDurationInOpenState(c.resetTimeout())
            .permittedNumberOfCallsInHalfOpenState(1)
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            .clock(clock)
            .build();
  }

  private CircuitBreaker of(String target) {
    return breakers.computeIfAbsent(
        target,
        t -> {
          metrics.circuitOpen.labelValues(t).set(0);
          return CircuitBreaker.of(t, config);
        });
  }

  /** Whether a recovery call to {@code target} may go out now (half-open: one trial at a time). */
  boolean allow(String target) {
    boolean ok = of(target).tryAcquirePermission();
    if (!ok) {
      metrics.circuitOpen.labelValues(target).set(1);
    }
    return ok;
  }

  /** The outcome of one call to {@code target}, permitted or not. */
  void record(String target, boolean success, Duration took) {
    CircuitBreaker b = of(target);
    if (success) {
      b.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
    } else {
      b.onError(took.toNanos(), TimeUnit.NANOSECONDS, FAILED);
    }
    metrics.circuitOpen.labelValues(target).set(b.getState() == CircuitBreaker.State.OPEN ? 1 : 0);
  }

  /** For {@code /api/v1/status}: every target's state, {@code closed}, {@code open}... */
  Map<String, String> states() {
    Map<String, String> out = new TreeMap<>();
    breakers.forEach((t, b) -> out.put(t, b.getState().name().toLowerCase(Locale.ROOT)));
    return out;
  }
}
