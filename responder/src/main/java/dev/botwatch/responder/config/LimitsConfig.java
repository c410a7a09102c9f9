package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.time.Duration;

/**
 * The caps that keep recovery from making things worse (a bot restarted in a loop, a control API
 * hammered), and the executor's retry discipline. Emergency stops are not capped: money at risk
 * outranks a rate limit.
 *
 * <pre>{@code
 * limits:
 *   max_actions_per_hour: 5     # recovery playbook runs per bot per hour
 *   cooldown: 5m                # between recovery runs on one bot
 *   max_restarts_per_hour: 3    # runs of the hard playbook per bot per hour
 *   verify_window: 5m           # a step must have had this long before the ladder climbs
 *   retry: {initial_backoff: 500ms, multiplier: 2.0, max_backoff: 10s, max_attempts: 4, deadline: 30s}
 *   breaker: {max_failures: 5, reset_timeout: 30s}
 * }</pre>
 */
public record LimitsConfig(
    Integer maxActionsPerHour,
    Duration cooldown,
    Integer maxRestartsPerHour,
    Duration verifyWindow,
    RetryConfig retry,
    BreakerConfig breaker)
    implements Validatable {
  public LimitsConfig {
    maxActionsPerHour = maxActionsPerHour == null ? 5 : maxActionsPerHour;
    cooldown = cooldown == null ? Duration.ofMinutes(5) : cooldown;
    maxRestartsPerHour = maxRestartsPerHour == null ? 3 : maxRestartsPerHour;
    verifyWindow = verifyWindow == null ? Duration.ofMinutes(5) : verifyWindow;
    retry = retry == null ? new RetryConfig(null, null, null, null, null) : retry;
    breaker = breaker == null ? new BreakerConfig(null, null) : breaker;
  }

  public static LimitsConfig defaults() {
    return new LimitsConfig(null, null, null, null, null, null);
  }

  @Override
  public void validate(String path, Problems p) {
    p.require(maxActionsPerHour >= 0, path + ".max_actions_per_hour", "must be >= 0");
    p.require(!cooldown.isNegative(), path + ".cooldown", "must be >= 0");
    p.require(maxRestartsPerHour >= 0, path + ".max_restarts_per_hour", "must be >= 0");
    p.positive(verifyWindow, path + ".verify_window");
    retry.validate(path + ".retry", p);
    breaker.validate(path + ".breaker", p);
  }

  /** Exponential backoff under an overall deadline, owned by the one executor. */
  public record RetryConfig(
      Duration initialBackoff,
      Double multiplier,
      Duration maxBackoff,
      Integer maxAttempts,
      Duration deadline)
      implements Validatable {
    public RetryConfig {
      initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
      multiplier = multiplier == null ? 2.0 : multiplier;
      maxBackoff = maxBackoff == null ? Duration.ofSeconds(10) : maxBackoff;
      maxAttempts = maxAttempts == null ? 4 : maxAttempts;
      deadline = deadline == null ? Duration.ofSeconds(30) : deadline;
    }

    @Override
    public void validate(String path, Problems p) {
      p.positive(initialBackoff, path + ".initial_backoff");
      p.require(multiplier >= 1.0, path + ".multiplier", "must be >= 1");
      p.positive(maxBackoff, path + ".max_backoff");
      p.positive(maxAttempts, path + ".max_attempts");
      p.positive(deadline, path + ".deadline");
    }
  }

  /** A circuit breaker per action target (a bot's control host, the SMTP server). */
  public record BreakerConfig(Integer maxFailures, Duration resetTimeout) implements Validatable {
    public BreakerConfig {
      maxFailures = maxFailures == null ? 5 : maxFailures;
      resetTimeout = resetTimeout == null ? Duration.ofSeconds(30) : resetTimeout;
    }

    @Override
    public void validate(String path, Problems p) {
      p.positive(maxFailures, path + ".max_failures");
      p.positive(resetTimeout, path + ".reset_timeout");
    }
  }
}
