package dev.botwatch.responder;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.config.NotifyConfig;
import dev.botwatch.responder.notify.Messages;
import dev.botwatch.responder.notify.Notice;
import dev.botwatch.responder.notify.NoticeGate;
import dev.botwatch.responder.policy.Incident;
import dev.botwatch.responder.store.ActionRecord;
import dev.botwatch.responder.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers notices to people through {@link NoticeGate}: a notice goes out alone when its bot has
 * been quiet, otherwise it is stored as {@code held} and goes out with the others of its bot in one
 * message when the window ends. Held notices live in the store, so a restart sends them too.
 * Sending runs on the bot's queue, like every action on the bot.
 */
final class NoticeDigests {
  private final Store store;
  private final NoticeChannels notices;
  private final ActionExecutor executor;
  private final ResponderMetrics metrics;
  private final Clock clock;
  private final BotQueues queues;
  private final ScheduledExecutorService timer;
  private final NoticeGate gate;
  private final boolean dryRun;
  private final Map<NoticeGate.Key, Instant> scheduled = new ConcurrentHashMap<>();

  NoticeDigests(
      NotifyConfig config,
      boolean dryRun,
      Store store,
      NoticeChannels notices,
      ActionExecutor executor,
      ResponderMetrics metrics,
      Clock clock,
      BotQueues queues,
      ScheduledExecutorService timer) {
    this.gate = new NoticeGate(config.groupWindow(), config.maxPerHour());
    this.dryRun = dryRun;
    this.store = store;
    this.notices = notices;
    this.executor = executor;
    this.metrics = metrics;
    this.clock = clock;
    this.queues = queues;
    this.timer = timer;
  }

  /** At start: the last hour's messages count against the limit; held notices get their time. */
  void restore() {
    Instant now = clock.instant();
    for (Store.NoticeSend s : store.noticeSendsSince(now.minus(Duration.ofHours(1)))) {
      gate.sentBefore(new NoticeGate.Key(s.bot(), s.channel()), s.at());
    }
    for (String[] k : store.heldNoticeKeys()) {
      NoticeGate.Key key = new NoticeGate.Key(k[0], k[1]);
      gate.heldBefore(key, store.heldNotices(k[0], k[1]).size());
      schedule(key);
    }
  }

  /** One planned notice row: sent now, alone, or held for its bot's next grouped message. */
  void deliver(ActionRecord row, NoticeChannels.Kind kind) {
    Action single =
        notices.action(
            row.kind(),
            kind,
            () ->
                new NoticeChannels.Subject(
                    store.incident(row.incidentId()),
                    row.detail() == null ? kind.step : row.detail(),
                    store.incidentActions(row.incidentId())));
    if (single == null) {
      finish(row, "skipped", "notify channel " + row.kind() + " is not available");
      return;
    }
    NoticeGate.Key key = new NoticeGate.Key(row.bot(), row.kind());
    Instant now = clock.instant();
    if (!dryRun && kind == NoticeChannels.Kind.CRITICAL) {
      gate.always(key, now); // a bot that could not be stopped: never held back
    } else if (!dryRun && gate.offer(key, !kind.grouped, now) == NoticeGate.Verdict.HOLD) {
      store.held(row.id(), now);
      metrics.notifications.labelValues(row.kind(), "grouped").inc();
      schedule(key);
      return;
    }
    store.started(row.id(), now);
    Outcome o = executor.run(single, context(row.bot()), dryRun);
    if (!dryRun) {
      store.noticeSent(row.bot(), row.kind(), 1, clock.instant());
    }
    finish(row, status(o), o.detail());
  }

  private void finish(ActionRecord row, String status, String detail) {
    metrics.notifications.labelValues(row.kind(), status).inc(); // before the store says final
    store.finished(row.id(), status, detail, clock.instant());
  }

  private ActionContext context(String bot) {
    return new ActionContext(bot, Map.of("bot", bot), Map.of(), executor.deadlineFromNow());
  }

  private static String status(Outcome o) {
    return o.status().name().toLowerCase(Locale.ROOT);
  }

  private void schedule(NoticeGate.Key key) {
    Instant at = gate.flushAt(key, clock.instant());
    if (at == null) {
      return;
    }
    Instant before = scheduled.get(key);
    if (before != null && !before.isAfter(at)) {
      return; // a flush at or before that time is already on its way
    }
    scheduled.put(key, at);
    long ms = Math.max(0, Duration.between(clock.instant(), at).toMillis()) + 20;
    timer.schedule(
        () -> queues.submit(key.bot(), BotQueues.NORMAL, () -> flush(key)),
        ms,
        TimeUnit.MILLISECONDS);
  }

  /** The held notices of one bot and channel, as one message, when the gate allows. */
  void flush(NoticeGate.Key key) {
    scheduled.remove(key);
    Instant now = clock.instant();
    if (!gate.flush(key, now)) {
      schedule(key);
      return;
    }
    List<ActionRecord> rows = store.heldNotices(key.bot(), key.channel());
    if (rows.isEmpty()) {
      return;
    }
    Notice message = digest(key.bot(), rows);
    Action a = notices.raw(key.channel(), () -> message);
    Outcome o =
        a == null
            ? Outcome.skipped("notify channel " + key.channel() + " is not available")
            : executor.run(a, context(key.bot()), false);
    store.noticeSent(key.bot(), key.channel(), rows.size(), clock.instant());
    metrics.notifications.labelValues(key.channel(), status(o)).inc();
    String note = " (sent with " + (rows.size() - 1) + " other notice(s) as one message: ";
    for (ActionRecord r : rows) {
      store.finished(
          r.id(),
          status(o),
          (r.detail() == null ? "" : r.detail()) + note + o.detail() + ")",
          clock.instant());
    }
  }

  private Notice digest(String bot, List<ActionRecord> rows) {
    List<Messages.DigestEntry> listed = new ArrayList<>();
    int needsYou = 0;
    for (ActionRecord r : rows) {
      NoticeChannels.Kind kind = Engine.noticeKind(r.step());
      needsYou += kind.needsYou() ? 1 : 0;
      if (listed.size() < 100) {
        Incident inc = store.incident(r.incidentId());
        if (inc != null) {
          listed.add(
              new Messages.DigestEntry(
                  kind.label,
                  NotifyChannels.alertInfo(inc),
                  r.detail(),
                  NotifyChannels.reports(store.incidentActions(inc.id()))));
        }
      }
    }
    return Messages.digest(bot, listed, needsYou, rows.size(), gate.window(), gate.maxPerHour());
  }
}
