package dev.botwatch.responder;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.notify.Messages;
import dev.botwatch.responder.notify.WatchdogMonitor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dead man's switch around the notify engineer's pure {@link WatchdogMonitor}: each Watchdog
 * notification re-arms it; {@link #check} (from a timer, on a worker) sends one notice per silence
 * through every channel, and one when the Watchdog comes back.
 */
public final class Watchdog {
  private final WatchdogMonitor monitor;
  private final NoticeChannels channels;
  private final ActionExecutor executor;
  private final ResponderMetrics metrics;
  private final Clock clock;
  private final Duration missingAfter;

  Watchdog(
      Duration missingAfter,
      Instant lastSeen,
      NoticeChannels channels,
      ActionExecutor executor,
      ResponderMetrics metrics,
      Clock clock) {
    this.missingAfter = missingAfter;
    this.monitor = new WatchdogMonitor(missingAfter, clock.instant());
    if (lastSeen != null) {
      monitor.seen(lastSeen);
      metrics.watchdogLastSeen.set(lastSeen.toEpochMilli() / 1000.0);
    }
    this.channels = channels;
    this.executor = executor;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** A Watchdog notification arrived (already stored). */
  void seen() {
    Instant now = clock.instant();
    WatchdogMonitor.Status before = monitor.status();
    metrics.watchdogLastSeen.set(now.toEpochMilli() / 1000.0);
    if (monitor.seen(now)) {
      Instant last = before.lastSeen();
      Instant alerted = before.alertedAt();
      Thread t =
          new Thread(
              () -> send(() -> Messages.watchdogRestored(last, alerted, now)), "watchdog-notice");
      t.setDaemon(true);
      t.start();
    }
  }

  /** Blocking: call from a worker. */
  void check() {
    Instant now = clock.instant();
    if (monitor.check(now) == WatchdogMonitor.Check.ALERT) {
      WatchdogMonitor.Status s = monitor.status();
      send(() -> Messages.watchdogMissing(s.lastSeen(), s.since(), missingAfter, now));
    }
  }

  public WatchdogMonitor.Status status() {
    return monitor.status();
  }

  private void send(Supplier<dev.botwatch.responder.notify.Notice> notice) {
    for (String channel : channels.names()) {
      Action a = channels.raw(channel, notice);
      if (a == null) {
        continue;
      }
      ActionContext ctx = new ActionContext("-", Map.of(), Map.of(), executor.deadlineFromNow());
      Outcome o = executor.run(a, ctx, false);
      metrics.notifications.labelValues(channel, o.status().name().toLowerCase(Locale.ROOT)).inc();
    }
  }
}
