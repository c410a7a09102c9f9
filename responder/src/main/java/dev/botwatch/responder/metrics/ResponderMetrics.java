package dev.botwatch.responder.metrics;

import dev.botwatch.responder.config.ResponderConfig;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * Every metric the responder exports, registered on the registry it is given (no default registry,
 * so tests build their own).
 *
 * <pre>
 * responder_webhooks_total{status}                      webhook requests by HTTP status
 * responder_webhooks_rejected_total{reason}             auth, too_large, invalid, store
 * responder_actions_total{bot,playbook,action,outcome}  success|failure|refused|skipped|dry_run|
 *                                                       rate_limited|interrupted
 * responder_action_duration_seconds{kind}               one step, retries included
 * responder_emergency_active{bot}                       1 while the emergency latch is on
 * responder_circuit_open{target}                        1 while a target's breaker is open
 * responder_notifications_total{channel,outcome}        email / webhook notices: sent, failed, grouped
 * responder_watchdog_last_seen_timestamp_seconds        the last Watchdog notification
 * responder_intake_pending                              webhooks waiting for their commit
 * responder_intake_oldest_pending_seconds               how long the oldest of them has waited
 * responder_intake_duration_seconds                     webhook taken in -> durable (or failed)
 * </pre>
 */
public final class ResponderMetrics {
  public final Counter webhooks;
  public final Counter webhooksRejected;
  public final Counter actions;
  public final Histogram actionDuration;
  public final Gauge emergencyActive;
  public final Gauge circuitOpen;
  public final Counter notifications;
  public final Gauge watchdogLastSeen;
  public final Histogram intakeDuration;
  private volatile IntSupplier intakePending = () -> 0;
  private volatile DoubleSupplier intakeOldestSeconds = () -> 0;

  public ResponderMetrics(PrometheusRegistry registry) {
    webhooks =
        Counter.builder()
            .name("responder_webhooks_total")
            .help("Alertmanager webhook requests by HTTP status answered")
            .labelNames("status")
            .register(registry);
    webhooksRejected =
        Counter.builder()
            .name("responder_webhooks_rejected_total")
            .help("Webhook requests refused, by reason")
            .labelNames("reason")
            .register(registry);
    for (String r : new String[] {"auth", "too_large", "invalid", "store"}) {
      webhooksRejected.initLabelValues(r);
    }
    actions =
        Counter.builder()
            .name("responder_actions_total")
            .help("Playbook steps by bot, playbook, action and outcome")
            .labelNames("bot", "playbook", "action", "outcome")
            .register(registry);
    actionDuration =
        Histogram.builder()
            .name("responder_action_duration_seconds")
            .help("Time one step took, retries and backoff included")
            .unit(Unit.SECONDS)
            .labelNames("kind")
            .classicOnly()
            .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
            .register(registry);
    emergencyActive =
        Gauge.builder()
            .name("responder_emergency_active")
            .help("1 while the responder's emergency latch is on for the bot")
            .labelNames("bot")
            .register(registry);
    circuitOpen =
        Gauge.builder()
            .name("responder_circuit_open")
            .help("1 while the circuit breaker of an action target is open")
            .labelNames("target")
            .register(registry);
    notifications =
        Counter.builder()
            .name("responder_notifications_total")
            .help("Notices sent to people, by channel and outcome")
            .labelNames("channel", "outcome")
            .register(registry);
    watchdogLastSeen =
        Gauge.builder()
            .name("responder_watchdog_last_seen_timestamp_seconds")
            .help("When the last Watchdog notification arrived (0: none since start)")
            .register(registry);
    GaugeWithCallback.builder()
        .name("responder_intake_pending")
        .help("Webhooks taken in and waiting for their store commit")
        .callback(cb -> cb.call(intakePending.getAsInt()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("responder_intake_oldest_pending_seconds")
        .help("How long the oldest webhook waiting for its store commit has waited (0: none)")
        .unit(Unit.SECONDS)
        .callback(cb -> cb.call(intakeOldestSeconds.getAsDouble()))
        .register(registry);
    intakeDuration =
        Histogram.builder()
            .name("responder_intake_duration_seconds")
            .help("From a webhook taken in to its notification and plan durable (or failed)")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)
            .register(registry);
  }

  /** Where the intake gauges read from: webhooks waiting, and the oldest one's wait in seconds. */
  public void intakeBacklog(IntSupplier pending, DoubleSupplier oldestSeconds) {
    this.intakePending = pending;
    this.intakeOldestSeconds = oldestSeconds;
  }

  /**
   * Pre-creates the series whose absence would hide a problem: every configured step's success,
   * failure and refused outcome (the first failure, or the first label refused as unsafe, is then
   * an increase that BotwatchRecoveryFailing and the dashboards see, not a series appearing from
   * nothing) and the notice channels. Each bot's emergency gauge is the Engine's: it sets it from
   * the store's latches.
   */
  public void initialize(ResponderConfig config) {
    for (String bot : config.bots().keySet()) {
      for (var playbook : config.playbooks().entrySet()) {
        for (var step : playbook.getValue().steps()) {
          actions.initLabelValues(bot, playbook.getKey(), step.name(), "success");
          actions.initLabelValues(bot, playbook.getKey(), step.name(), "failure");
          actions.initLabelValues(bot, playbook.getKey(), step.name(), "refused");
        }
      }
    }
    for (String channel : new String[] {"email", "webhook"}) {
      notifications.initLabelValues(channel, "success");
      notifications.initLabelValues(channel, "failure");
    }
  }
}
