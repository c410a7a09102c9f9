package dev.botwatch.responder.notice;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.config.NotifyConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.NoticeSend;
import dev.botwatch.responder.notify.Messages;
import dev.botwatch.responder.notify.Notice;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.work.BotQueues;
import dev.botwatch.responder.work.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers notices to people through {@link NoticeGate}: a notice goes out alone when its bot has
 * been quiet, otherwise it is stored as {@code held} and goes out with the others of its bot in one
 * message when the window ends. Held notices live in the store, so a restart sends them too.
 * Sending runs on the bot's queue, like every action on the bot.
 */
public final class NoticeDelivery {
  /** A grouped message lists at most this many incidents, then says where to see the rest. */
  private static final int LISTED = 100;

  private final Store store;
  private final NoticeChannels channels;
  private final NoticeMessages messages;
  private final ActionExecutor executor;
  private final ResponderMetrics metrics;
  private final Clock clock;
  private final BotQueues queues;
  private final Scheduler scheduler;
  private final NoticeGate gate;
  private final boolean dryRun;
  private final Map<NoticeGate.Key, Instant> scheduled = new ConcurrentHashMap<>();

  public NoticeDelivery(
      NotifyConfig config,
      boolean dryRun,
      Store store,
      NoticeChannels channels,
      NoticeMessages messages,
      ActionExecutor executor,
      ResponderMetrics metrics,
      Clock clock,
      BotQueues queues,
      Scheduler scheduler) {
    this.gate = new NoticeGate(config.groupWindow(), config.maxPerHour());
    this.dryRun = dryRun;
    this.store = store;
    this.channels = channels;
    this.messages = messages;
    this.executor = executor;
    this.metrics = metrics;
    this.clock = clock;
    this.queues = queues;
    this.scheduler = scheduler;
  }

  /** Configured channel names: a notice is planned once per channel. */
  public List<String> channels() {
    return channels.names();
  }

  /** At start: the last hour's messages count against the limit; held notices get their time. */
  public void restore() {
    Instant now = clock.instant();
    for (NoticeSend s : store.noticeSendsSince(now.minus(Duration.ofHours(1)))) {
      gate.sentBefore(new NoticeGate.Key(s.bot(), s.channel()), s.at());
    }
    for (Store.NoticeKey k : store.heldNoticeKeys()) {
      NoticeGate.Key key = new NoticeGate.Key(k.bot(), k.channel());
      gate.heldBefore(key, store.heldNotices(k.bot(), k.channel()).size());
      schedule(key);
    }
  }

  /** One planned notice row: sent now, alone, or held for its bot's next grouped message. */
  public void deliver(ActionRecord row) {
    NoticeKind kind = NoticeKind.ofStep(row.step());
    Action single =
        channels.action(
            row.kind(),
            () ->
                messages.render(
                    kind,
                    store.incident(row.incidentId()),
                    row.detail() == null ? kind.step : row.detail(),
                    store.incidentActions(row.incidentId())));
    if (single == null) {
      finish(row, ActionStatus.SKIPPED, "notify channel " + row.kind() + " is not available");
      return;
    }
    NoticeGate.Key key = new NoticeGate.Key(row.bot(), row.kind());
    Instant now = clock.instant();
    if (!dryRun && kind == NoticeKind.CRITICAL) {
      gate.always(key, now); // a bot that could not be stopped: never held back
    } else if (!dryRun && gate.offer(key, !kind.grouped, now) == NoticeGate.Verdict.HOLD) {
      store.hold(row.id(), now);
      metrics.notifications.labelValues(row.kind(), "grouped").inc();
      schedule(key);
      return;
    }
    Outcome o = executor.run(single, context(row.bot()), dryRun);
    if (!dryRun) {
      store.noticeSent(row.bot(), row.kind(), 1, clock.instant());
    }
    finish(row, o.recorded(), o.detail());
  }

  private void finish(ActionRecord row, ActionStatus status, String detail) {
    metrics.notifications.labelValues(row.kind(), status.id()).inc(); // before the store says final
    store.finish(row.id(), status, detail, clock.instant());
  }

  private ActionContext context(String bot) {
    return new ActionContext(bot, Map.of("bot", bot), Map.of(), executor.deadlineFromNow());
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
    scheduler.schedule(
        Duration.between(clock.instant(), at),
        () -> queues.submit(key.bot(), BotQueues.Priority.NORMAL, () -> flush(key)));
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
    Action a = channels.action(key.channel(), () -> message);
    Outcome o =
        a == null
            ? Outcome.skipped("notify channel " + key.channel() + " is not available")
            : executor.run(a, context(key.bot()), false);
    ActionStatus status = o.recorded();
    metrics.notifications.labelValues(key.channel(), status.id()).inc();
    String note = " (sent with " + (rows.size() - 1) + " other notice(s) as one message: ";
    Instant end = clock.instant();
    store.write(
        tx -> {
          tx.noticeSent(key.bot(), key.channel(), rows.size(), end);
          for (ActionRecord r : rows) {
            tx.finishAction(
                r.id(),
                status,
                (r.detail() == null ? "" : r.detail()) + note + o.detail() + ")",
                end);
          }
          return null;
        });
  }

  private Notice digest(String bot, List<ActionRecord> rows) {
    List<Messages.DigestEntry> listed = new ArrayList<>();
    int needsYou = 0;
    for (ActionRecord r : rows) {
      NoticeKind kind = NoticeKind.ofStep(r.step());
      needsYou += kind.needsYou() ? 1 : 0;
      if (listed.size() < LISTED) {
        Incident inc = store.incident(r.incidentId());
        if (inc != null) {
          listed.add(
              new Messages.DigestEntry(
                  kind.label,
                  NoticeMessages.alertInfo(inc),
                  r.detail(),
                  NoticeMessages.reports(store.incidentActions(inc.id()))));
        }
      }
    }
    return Messages.digest(bot, listed, needsYou, rows.size(), gate.window(), gate.maxPerHour());
  }
}
