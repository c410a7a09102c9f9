package dev.botwatch.responder.watchdog;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.notice.NoticeChannels;
import dev.botwatch.responder.notify.Messages;
import dev.botwatch.responder.notify.Notice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The dead man's switch around the pure {@link WatchdogTracker}: each Watchdog notification re-arms
 * it; {@link #check} (from a timer) sends one notice per silence through every channel, and one
 * when the Watchdog comes back. Sending blocks (SMTP), so it runs on {@code sender}, never on the
 * thread that reports a Watchdog.
 */
public final class WatchdogNotifier {
  private final WatchdogTracker tracker;
  private final NoticeChannels channels;
  private final ActionExecutor executor;
  private final ResponderMetrics metrics;
  private final Clock clock;
  private final Duration missingAfter;
  private final Executor sender;

  /**
   * @param lastSeen the last Watchdog the store knows of, null if none
   * @param sender where notices are sent from
   */
  public WatchdogNotifier(
      Duration missingAfter,
      Instant lastSeen,
      NoticeChannels channels,
      ActionExecutor executor,
      ResponderMetrics metrics,
      Clock clock,
      Executor sender) {
    this.missingAfter = missingAfter;
    this.tracker = new WatchdogTracker(missingAfter, clock.instant());
    if (lastSeen != null) {
      tracker.seen(lastSeen);
      metrics.watchdogLastSeen.set(lastSeen.toEpochMilli() / 1000.0);
    }
    this.channels = channels;
    this.executor = executor;
    this.metrics = metrics;
    this.clock = clock;
    this.sender = sender;
  }

  /** A Watchdog notification arrived (already stored). */
  public void seen() {
    Instant now = clock.instant();
    WatchdogTracker.Status before = tracker.status();
    metrics.watchdogLastSeen.set(now.toEpochMilli() / 1000.0);
    if (tracker.seen(now)) {
      Instant last = before.lastSeen();
      Instant alerted = before.alertedAt();
      sender.execute(() -> send(() -> Messages.watchdogRestored(last, alerted, now)));
    }
  }

  /** Looks at the silence now; sends the missing notice once per silence. */
  public void check() {
    Instant now = clock.instant();
    if (tracker.check(now) == WatchdogTracker.Check.ALERT) {
      WatchdogTracker.Status s = tracker.status();
      sender.execute(
          () -> send(() -> Messages.watchdogMissing(s.lastSeen(), s.since(), missingAfter, now)));
    }
  }

  public WatchdogTracker.Status status() {
    return tracker.status();
  }

  private void send(Supplier<Notice> notice) {
    for (String channel : channels.names()) {
      Action a = channels.action(channel, notice);
      if (a == null) {
        continue;
      }
      ActionContext ctx = new ActionContext("-", Map.of(), Map.of(), executor.deadlineFromNow());
      Outcome o = executor.run(a, ctx, false);
      metrics.notifications.labelValues(channel, o.recorded().id()).inc();
    }
  }
}
