package dev.botwatch.responder.engine;

import dev.botwatch.responder.alert.Alert;
import dev.botwatch.responder.alert.Notification;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.watchdog.WatchdogNotifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A notification from Alertmanager in, a plan out: {@link #record} is the one transaction that
 * stores the notification and everything it plans (call it before answering 2xx; it throws {@link
 * dev.botwatch.responder.store.StoreException} when the store cannot be written, and the webhook
 * then answers 503 so Alertmanager resends). Once it committed, the plan goes to the bots' queues
 * in commit order, so the runs of concurrent notifications run in the order they were planned.
 */
public final class Intake {
  private final ResponderConfig config;
  private final Store store;
  private final Planner planner;
  private final Execution execution;
  private final CooldownRechecks rechecks;
  private final WatchdogNotifier watchdog;
  private final ResponderMetrics metrics;
  private final IntakeBacklog backlog;
  private final Clock clock;

  Intake(
      ResponderConfig config,
      Store store,
      Planner planner,
      Execution execution,
      CooldownRechecks rechecks,
      WatchdogNotifier watchdog,
      ResponderMetrics metrics,
      IntakeBacklog backlog,
      Clock clock) {
    this.config = config;
    this.store = store;
    this.planner = planner;
    this.execution = execution;
    this.rechecks = rechecks;
    this.watchdog = watchdog;
    this.metrics = metrics;
    this.backlog = backlog;
    this.clock = clock;
  }

  public Plan record(Notification n) {
    return store.write(unit(n));
  }

  /**
   * As {@link #record}, without blocking: the webhook's path. Planning runs on the store's writer
   * inside the transaction; the future completes there once the commit is durable (the plan is then
   * already on the bots' queues), exceptionally when it failed.
   */
  public CompletableFuture<Plan> recordAsync(Notification n) {
    long ticket = backlog.enter();
    return store
        .writeAsync(unit(n))
        .whenComplete(
            (plan, failure) ->
                metrics.intakeDuration.observe(backlog.leave(ticket).toNanos() / 1e9));
  }

  /** Webhooks waiting for their commit. */
  public IntakeBacklog backlog() {
    return backlog;
  }

  private Store.Unit<Plan> unit(Notification n) {
    return tx -> {
      Instant now = clock.instant(); // in commit order, like everything the unit decides
      Plan.Builder out = new Plan.Builder();
      tx.notification(
          now, n.groupKey(), n.firing() ? "firing" : "resolved", n.receiver(), n.alerts().size());
      // Replicas sharing the store decide for a bot one at a time (sorted: no lock cycles).
      Set<String> bots = new TreeSet<>();
      for (Alert a : n.alerts()) {
        String bot = config.watchdog().alertname().equals(a.alertname()) ? null : botOf(a);
        if (bot != null) {
          bots.add(bot);
        }
      }
      bots.forEach(tx::lockBot);
      for (Alert a : n.alerts()) {
        if (config.watchdog().alertname().equals(a.alertname())) {
          if (a.firing()) {
            tx.watchdogSeen(now);
            out.watchdogSeen();
          }
          continue;
        }
        String bot = botOf(a);
        if (bot != null) {
          planner.alert(tx, a, bot, now, false, n.alerts(), out);
        } // else: recorded with the notification; nothing to act on
      }
      Plan plan = out.build();
      tx.afterCommit(() -> accept(plan));
      return plan;
    };
  }

  private String botOf(Alert a) {
    String bot = planner.policy().botFor(a);
    return bot == null || bot.isBlank() ? null : bot;
  }

  /** Once committed: the watchdog, the cooldown timers, the metrics and the bots' queues. */
  private void accept(Plan plan) {
    if (plan.watchdogSeen()) {
      watchdog.seen();
    }
    rechecks.arm(plan.rechecks());
    execution.submit(plan);
  }
}
