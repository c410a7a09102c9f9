package dev.botwatch.responder;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.FreqtradeAction;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.alert.Alert;
import dev.botwatch.responder.alert.Notification;
import dev.botwatch.responder.config.BotConfig;
import dev.botwatch.responder.config.PlaybookConfig;
import dev.botwatch.responder.config.Playbooks;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.config.StepConfig;
import dev.botwatch.responder.policy.Decision;
import dev.botwatch.responder.policy.Facts;
import dev.botwatch.responder.policy.Incident;
import dev.botwatch.responder.policy.Policy;
import dev.botwatch.responder.store.ActionRecord;
import dev.botwatch.responder.store.Store;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns notifications into recorded, deduplicated runs and runs them: {@link #record} is the one
 * transaction that stores a notification and its planned steps (call it before answering 2xx),
 * {@link #dispatch} hands the runs to the bot's queue. Kinds of run: {@code recovery} (a playbook,
 * capped), {@code emergency} (never capped, latches), {@code notice} (a message to people, once per
 * incident and kind).
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  static final String KILL_SWITCH_ALERT = "BotKillSwitchActive";
  static final String RECOVERY = "recovery";
  static final String EMERGENCY = "emergency";
  static final String NOTICE = "notice";

  /** See {@link Playbooks#LIQUIDATING}. */
  static final java.util.Set<String> LIQUIDATING = Playbooks.LIQUIDATING;

  /** The playbook column of notice rows: they are messages to people, not recovery. */
  static final String NOTICE_PLAYBOOK = "notify";

  /** What one notification planned: runs to start, metric increments to apply after commit. */
  public record Intake(
      List<Planned> runs, List<String[]> counted, boolean watchdogSeen, List<Deferred> deferred) {
    public Intake(List<Planned> runs, List<String[]> counted, boolean watchdogSeen) {
      this(runs, counted, watchdogSeen, List.of());
    }
  }

  /** A firing alert held back by the cooldown, to look at again when the cooldown ends. */
  public record Deferred(Alert alert, Instant at) {}

  /** A run to hand to the bot's queue. */
  public record Planned(long runId, String bot, String kind) {}

  private final ResponderConfig config;
  private final Store store;
  private final ActionExecutor executor;
  private final StepActions steps;
  private final NoticeChannels notices;
  private final ResponderMetrics metrics;
  private final Clock clock;
  private final Policy policy;
  private final BotQueues queues = new BotQueues();

  /**
   * Re-evaluates alerts that a cooldown held back. Without it a held-back step waited for
   * Alertmanager's next repeat (30 min for a critical alert): a bot whose process died a second
   * after its data went stale would wait half an hour for its restart. Not persisted: after a
   * responder restart the next repeat brings the alert back.
   */
  private final java.util.concurrent.ScheduledExecutorService cooldowns =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cooldown-recheck");
            t.setDaemon(true);
            return t;
          });

  private final NoticeDigests digests;

  private volatile Watchdog watchdog;

  public Engine(
      ResponderConfig config,
      Store store,
      ActionExecutor executor,
      StepActions steps,
      NoticeChannels notices,
      ResponderMetrics metrics,
      Clock clock) {
    this.config = config;
    this.store = store;
    this.executor = executor;
    this.steps = steps;
    this.notices = notices;
    this.metrics = metrics;
    this.clock = clock;
    this.policy = new Policy(config);
    this.digests =
        new NoticeDigests(
            config.notifications(),
            config.dryRun(),
            store,
            notices,
            executor,
            metrics,
            clock,
            queues,
            cooldowns);
    for (String bot : config.bots().keySet()) {
      metrics.emergencyActive.labelValues(bot).set(0);
    }
  }

  /**
   * Stores the notification and everything it plans in one transaction. Throws {@link
   * dev.botwatch.responder.store.StoreException} when the store cannot be written: the webhook then
   * answers 503 and Alertmanager resends.
   */
  public Intake record(Notification n) {
    Instant now = clock.instant();
    List<Planned> runs = new ArrayList<>();
    List<String[]> counted = new ArrayList<>();
    List<Deferred> deferred = new ArrayList<>();
    boolean[] watchdog = {false};
    store.transaction(
        tx -> {
          tx.notification(
              now,
              n.groupKey(),
              n.firing() ? "firing" : "resolved",
              n.receiver(),
              n.alerts().size());
          for (Alert a : n.alerts()) {
            if (config.watchdog().alertname().equals(a.alertname())) {
              if (a.firing()) {
                tx.watchdogSeen(now);
                watchdog[0] = true;
              }
              continue;
            }
            String bot = policy.botFor(a);
            if (bot == null || bot.isBlank()) {
              continue; // recorded with the notification; nothing to act on
            }
            intake(tx, a, bot, now, runs, counted, deferred);
          }
          return null;
        });
    return new Intake(runs, counted, watchdog[0], deferred);
  }

  private void intake(
      Store.Tx tx,
      Alert a,
      String bot,
      Instant now,
      List<Planned> runs,
      List<String[]> counted,
      List<Deferred> deferred)
      throws SQLException {
    String fp = a.fingerprint();
    String startsAt = a.startsAt().toString();
    Incident inc = tx.incident(bot, fp, startsAt);
    Instant hourAgo = now.minus(Duration.ofHours(1));
    Facts facts =
        new Facts(
            inc,
            tx.countedRunsSince(bot, hourAgo),
            tx.runsOfSince(bot, policy.restartPlaybooks(), hourAgo),
            tx.lastCountedRun(bot),
            tx.latched(bot),
            tx.killSwitch(bot, KILL_SWITCH_ALERT));
    Decision d = policy.decide(a, facts, now);
    String playbook = policy.playbookFor(a);
    if (d instanceof Decision.Close) {
      if (inc != null && tx.closeIncident(inc.id(), now) && inc.level() != null) {
        notice(
            tx, inc.id(), bot, fp, startsAt, NoticeChannels.Kind.RECOVERED, "resolved", now, runs);
      }
      return;
    }
    long incidentId =
        inc != null
            ? inc.id()
            : tx.openIncident(
                bot, fp, startsAt, a.alertname(), playbook, a.labels(), a.annotations(), now);
    if (d instanceof Decision.Run r) {
      // An emergency alert runs the bot's own sequence, whichever emergency playbook it names.
      boolean emergency = config.isEmergency(r.playbook());
      String kind = emergency ? EMERGENCY : RECOVERY;
      // A stand-down is recorded once per rung under its own key and leaves the ladder where it
      // is: once the latch or kill switch is off, the next repeat runs the rung for real.
      String step = r.standDown() ? r.playbook() + "/stood-down" : r.playbook();
      long runId =
          tx.claimRun(incidentId, bot, fp, startsAt, step, kind, !emergency && !r.standDown(), now);
      if (runId < 0) {
        return; // this step already ran for this alert: a repeat, an HA twin, or a restart
      }
      if (!r.standDown()) {
        tx.setLevel(incidentId, r.playbook(), now);
      }
      if (emergency) {
        tx.latch(bot, "alert " + a.alertname(), now);
      }
      planSteps(
          tx,
          runId,
          incidentId,
          bot,
          emergency ? config.emergencyPlaybookFor(bot) : r.playbook(),
          r.standDown() ? r.reason() : null,
          now,
          counted);
      if (!r.standDown()) {
        runs.add(new Planned(runId, bot, kind));
      }
    } else if (d instanceof Decision.RateLimited rl) {
      counted.add(new String[] {bot, rl.playbook(), rl.playbook(), "rate_limited"});
      if (!rl.exhausted() && facts.lastRun() != null) {
        deferred.add(new Deferred(a, facts.lastRun().plus(config.limits().cooldown())));
      }
      if (rl.exhausted()) {
        notice(
            tx,
            incidentId,
            bot,
            fp,
            startsAt,
            NoticeChannels.Kind.MANUAL_INTERVENTION,
            rl.reason(),
            now,
            runs);
      }
    } else if (d instanceof Decision.Manual m) {
      notice(
          tx,
          incidentId,
          bot,
          fp,
          startsAt,
          NoticeChannels.Kind.MANUAL_INTERVENTION,
          m.reason(),
          now,
          runs);
    }
    // RecordOnly, Wait: the notification is recorded; nothing to run.
  }

  private void planSteps(
      Store.Tx tx,
      long runId,
      long incidentId,
      String bot,
      String playbook,
      String standDown,
      Instant now,
      List<String[]> counted)
      throws SQLException {
    PlaybookConfig pb = config.playbooks().get(playbook);
    BotConfig b = config.bots().get(bot);
    for (int seq = 0; seq < pb.steps().size(); seq++) {
      StepConfig s = pb.steps().get(seq);
      String status = "planned";
      String detail = null;
      if (standDown != null) {
        status = "skipped";
        detail = standDown;
      } else if (LIQUIDATING.contains(s.name())) {
        if (!b.liquidationEnabled()) {
          status = "skipped";
          detail = "liquidation is disabled for " + bot + " (bots." + bot + ".liquidation_enabled)";
        } else if (!tx.latched(bot)) {
          status = "skipped";
          detail = "liquidation runs only inside an emergency stop (the latch is off)";
        } else if (!tx.claimLiquidation(bot, now)) {
          status = "skipped";
          detail = "positions were already liquidated in this emergency";
        }
      }
      tx.planAction(runId, incidentId, bot, playbook, seq, s.name(), s.kind(), status, detail, now);
      if (!"planned".equals(status)) {
        counted.add(new String[] {bot, playbook, s.name(), "skipped"});
      }
    }
  }

  private void notice(
      Store.Tx tx,
      long incidentId,
      String bot,
      String fp,
      String startsAt,
      NoticeChannels.Kind kind,
      String reason,
      Instant now,
      List<Planned> runs)
      throws SQLException {
    long runId = tx.claimRun(incidentId, bot, fp, startsAt, kind.step, NOTICE, false, now);
    if (runId < 0) {
      return; // exactly one notice of a kind per incident
    }
    List<String> channels = notices.names();
    if (channels.isEmpty()) {
      // Not a failure: nobody configured a way to reach people. Said plainly in the audit trail.
      tx.planAction(
          runId,
          incidentId,
          bot,
          NOTICE_PLAYBOOK,
          0,
          kind.step,
          "email",
          "skipped",
          "no smtp: neither notify.email nor notify.chat is configured (" + reason + ")",
          now);
      if (kind == NoticeChannels.Kind.CRITICAL) {
        log.error("bot {} needs a person now and no notify channel is configured: {}", bot, reason);
      }
      return;
    }
    for (int i = 0; i < channels.size(); i++) {
      tx.planAction(
          runId,
          incidentId,
          bot,
          NOTICE_PLAYBOOK,
          i,
          kind.step,
          channels.get(i),
          "planned",
          reason, // read back when the message is built: why a person is needed
          now);
    }
    runs.add(new Planned(runId, bot, NOTICE));
  }

  /** After the 2xx: applies the metrics and hands the runs to the bots' queues. */
  public void dispatch(Intake intake) {
    for (Deferred d : intake.deferred()) {
      long delayMs = Math.max(0, Duration.between(clock.instant(), d.at()).toMillis()) + 100;
      cooldowns.schedule(
          () -> recheck(d.alert()), delayMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    if (intake.watchdogSeen() && watchdog != null) {
      watchdog.seen();
    }
    for (String[] c : intake.counted()) {
      metrics.actions.labelValues(c).inc();
    }
    for (Planned p : intake.runs()) {
      if (EMERGENCY.equals(p.kind())) {
        metrics.emergencyActive.labelValues(p.bot()).set(1);
      }
      queues.submit(
          p.bot(),
          EMERGENCY.equals(p.kind()) ? BotQueues.URGENT : BotQueues.NORMAL,
          () -> execute(p));
    }
  }

  /** At start: marks interrupted actions, restores the latch gauges and continues planned runs. */
  public void recover() {
    Store.Recovery r = store.recoverAtStart(clock.instant(), Playbooks.IDEMPOTENT_EMERGENCY);
    List<Long> pending = r.runs();
    for (ActionRecord a : r.interrupted()) {
      if (!NOTICE_PLAYBOOK.equals(a.playbook())) {
        metrics.actions.labelValues(a.bot(), a.playbook(), a.step(), "interrupted").inc();
      }
      boolean again = r.again().stream().anyMatch(x -> x.id() == a.id());
      log.warn(
          "{} on {} was running when the responder stopped: marked interrupted, {}",
          a.step(),
          a.bot(),
          again ? "runs again (an idempotent emergency step)" : "not repeated");
    }
    digests.restore();
    store.latches().keySet().forEach(b -> metrics.emergencyActive.labelValues(b).set(1));
    for (long runId : pending) {
      List<ActionRecord> rows = store.runActions(runId);
      if (rows.isEmpty()) {
        continue;
      }
      String kind = store.runKind(runId);
      dispatch(new Intake(List.of(new Planned(runId, rows.get(0).bot(), kind)), List.of(), false));
    }
    if (!pending.isEmpty()) {
      log.info("continuing {} run(s) left planned by the previous process", pending.size());
    }
  }

  private void execute(Planned p) {
    List<ActionRecord> rows = store.runActions(p.runId());
    for (ActionRecord row : rows) {
      if (!"planned".equals(row.status())) {
        continue;
      }
      Incident inc = store.incident(row.incidentId());
      String skip = null;
      if (RECOVERY.equals(p.kind())) {
        if (inc == null || !inc.open()) {
          skip = "the alert resolved before this step";
        } else if (store.latches().containsKey(p.bot())) {
          skip = "emergency latch is on: recovery stands down";
        }
      }
      if (skip == null && NOTICE.equals(p.kind())) {
        digests.deliver(row, noticeKind(row.step()));
        continue;
      }
      Action action = null;
      Duration budget = null;
      boolean dry = false;
      if (skip == null) {
        StepActions.Built built = steps.build(p.bot(), row.playbook(), row.seq());
        budget = built.budget();
        action = built.action();
        skip = built.whyNot();
        dry = built.step() != null && config.dryRunFor(row.playbook(), built.step().dry());
      }
      if (skip != null) {
        count(p, row, "skipped"); // before the store says final, so tests and people agree
        store.finished(row.id(), "skipped", skip, clock.instant());
        continue;
      }
      store.started(row.id(), clock.instant());
      Instant deadline = executor.deadlineFromNow();
      if (budget != null && deadline.isBefore(clock.instant().plus(budget))) {
        deadline = clock.instant().plus(budget);
      }
      ActionContext ctx =
          new ActionContext(
              p.bot(),
              inc == null ? Map.of("bot", p.bot()) : inc.labels(),
              inc == null ? Map.of() : inc.annotations(),
              deadline);
      // Liquidation is never retried: a call that timed out may still have flattened positions.
      int attempts = LIQUIDATING.contains(row.step()) ? 1 : Integer.MAX_VALUE;
      // An emergency step goes out whatever the breaker says: the stop must reach the bot.
      ActionExecutor.Urgency urgency =
          EMERGENCY.equals(p.kind())
              ? ActionExecutor.Urgency.EMERGENCY
              : ActionExecutor.Urgency.RECOVERY;
      Outcome o = executor.run(action, ctx, dry, attempts, urgency);
      String status = o.status().name().toLowerCase(Locale.ROOT);
      count(p, row, status);
      if (o.status() == Outcome.Status.SUCCESS && LIQUIDATING.contains(row.step())) {
        store.liquidated(p.bot(), clock.instant());
      }
      // A planned step carries a note only when it runs again after a restart: keep it.
      String detail = row.detail() == null ? o.detail() : row.detail() + ": " + o.detail();
      store.finished(row.id(), status, detail, clock.instant());
    }
    if (EMERGENCY.equals(p.kind())) {
      emergencyDone(p);
    }
  }

  /**
   * After the last step of an emergency stop: the summary notice, and first, if the step that stops
   * the bot (always the last) did not succeed, a critical manual-intervention notice.
   */
  private void emergencyDone(Planned p) {
    List<ActionRecord> done = store.runActions(p.runId());
    Incident inc = done.isEmpty() ? null : store.incident(done.get(0).incidentId());
    if (inc == null) {
      return;
    }
    ActionRecord last = done.get(done.size() - 1);
    boolean stopped = "success".equals(last.status()) || "dry_run".equals(last.status());
    Map<NoticeChannels.Kind, String> notices = new java.util.LinkedHashMap<>();
    if (!stopped) {
      notices.put(
          NoticeChannels.Kind.CRITICAL,
          "the step that stops the bot, "
              + last.step()
              + " ("
              + last.kind()
              + "), ended "
              + last.status()
              + (last.detail() == null ? "" : ": " + last.detail()));
    }
    notices.put(NoticeChannels.Kind.EMERGENCY, "emergency stop");
    List<Planned> more = new ArrayList<>();
    store.transaction(
        tx -> {
          for (Map.Entry<NoticeChannels.Kind, String> n : notices.entrySet()) {
            notice(
                tx,
                inc.id(),
                inc.bot(),
                inc.fingerprint(),
                inc.startsAt(),
                n.getKey(),
                n.getValue(),
                clock.instant(),
                more);
          }
          return null;
        });
    if (!stopped) {
      log.error("emergency stop of {} did not stop the bot: {}", p.bot(), last.detail());
    }
    // Ahead of any recovery queued for the bot: a person must hear of this first.
    for (Planned n : more) {
      queues.submit(n.bot(), BotQueues.URGENT, () -> execute(n));
    }
  }

  private void count(Planned p, ActionRecord row, String status) {
    if (NOTICE.equals(p.kind())) {
      metrics.notifications.labelValues(row.kind(), status).inc();
    } else {
      metrics.actions.labelValues(p.bot(), row.playbook(), row.step(), status).inc();
    }
  }

  static NoticeChannels.Kind noticeKind(String step) {
    for (NoticeChannels.Kind k : NoticeChannels.Kind.values()) {
      if (k.step.equals(step)) {
        return k;
      }
    }
    return NoticeChannels.Kind.MANUAL_INTERVENTION;
  }

  /**
   * {@code POST /api/v1/bots/{bot}/emergency-stop}: a manual emergency, its own incident. Returns
   * false when the latch is already on (nothing new is planned).
   */
  public boolean emergencyStop(String bot, String reason) {
    Instant now = clock.instant();
    List<Planned> runs = new ArrayList<>();
    List<String[]> counted = new ArrayList<>();
    boolean started =
        store.transaction(
            tx -> {
              if (tx.latched(bot)) {
                return false;
              }
              String fp = "manual";
              String startsAt = now.toString();
              Map<String, String> labels = new HashMap<>();
              labels.put("bot", bot);
              labels.put("alertname", "ManualEmergencyStop");
              long inc =
                  tx.openIncident(
                      bot,
                      fp,
                      startsAt,
                      "ManualEmergencyStop",
                      Playbooks.EMERGENCY_STOP,
                      labels,
                      Map.of("summary", reason),
                      now);
              long runId =
                  tx.claimRun(
                      inc, bot, fp, startsAt, Playbooks.EMERGENCY_STOP, EMERGENCY, false, now);
              tx.setLevel(inc, Playbooks.EMERGENCY_STOP, now);
              tx.latch(bot, reason, now);
              planSteps(tx, runId, inc, bot, config.emergencyPlaybookFor(bot), null, now, counted);
              runs.add(new Planned(runId, bot, EMERGENCY));
              return true;
            });
    dispatch(new Intake(runs, counted, false));
    return started;
  }

  /**
   * {@code POST /api/v1/bots/{bot}/resume}: calls the bot's {@code resume} on its queue (ahead of
   * queued recovery), and clears the latch only when the bot confirmed. Manual emergency incidents
   * close with it.
   */
  public CompletableFuture<Outcome> resume(String bot) {
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    queues.submit(
        bot,
        BotQueues.URGENT,
        () -> {
          try {
            result.complete(doResume(bot));
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    return result;
  }

  private Outcome doResume(String bot) {
    // A bot stopped through Freqtrade resumes through Freqtrade; one with a control API, there.
    boolean freqtrade = resumesThroughFreqtrade(bot);
    StepActions.Built built =
        freqtrade
            ? steps.buildFreqtrade(bot, null, FreqtradeAction.Operation.RESUME)
            : steps.buildHttp(bot, StepConfig.Http.of("resume"));
    String kind = freqtrade ? "freqtrade" : "http";
    Instant planned = clock.instant();
    long rowId =
        store.transaction(
            tx -> tx.planAction(0, 0, bot, "resume", 0, "resume", kind, "planned", null, planned));
    if (built.action() == null) {
      store.finished(rowId, "skipped", built.whyNot(), clock.instant());
      return Outcome.permanent(built.whyNot());
    }
    store.started(rowId, clock.instant());
    ActionContext ctx =
        new ActionContext(bot, Map.of("bot", bot), Map.of(), executor.deadlineFromNow());
    Outcome o = executor.run(built.action(), ctx, config.dryRun());
    String status = o.status().name().toLowerCase(Locale.ROOT);
    store.finished(rowId, status, o.detail(), clock.instant());
    metrics.actions.labelValues(bot, "resume", "resume", status).inc();
    if (o.ok()) {
      Instant now = clock.instant();
      store.unlatch(bot, now);
      metrics.emergencyActive.labelValues(bot).set(0);
      List<Incident> open = store.openIncidents();
      store.transaction(
          tx -> {
            for (Incident i : open) {
              if (i.bot().equals(bot) && "manual".equals(i.fingerprint())) {
                tx.closeIncident(i.id(), now);
              }
            }
            return null;
          });
    }
    return o;
  }

  /** True when the bot's emergency sequence stops it through Freqtrade. */
  private boolean resumesThroughFreqtrade(String bot) {
    PlaybookConfig pb = config.playbooks().get(config.emergencyPlaybookFor(bot));
    if (pb != null && !pb.steps().isEmpty()) {
      return pb.steps().get(pb.steps().size() - 1) instanceof StepConfig.Freqtrade;
    }
    BotConfig b = config.bots().get(bot);
    return b != null && b.control() == null && b.freqtrade() != null;
  }

  void watchdog(Watchdog w) {
    this.watchdog = w;
  }

  public Policy policy() {
    return policy;
  }

  /**
   * Looks at a held-back alert again as if Alertmanager had repeated it: a resolved incident
   * decides Wait, another cooldown defers again, and the UNIQUE run key keeps twins from running.
   */
  private void recheck(Alert alert) {
    try {
      dispatch(
          record(
              new Notification(
                  "responder:cooldown-recheck", true, "responder", 0, Map.of(), List.of(alert))));
    } catch (RuntimeException e) {
      log.warn("re-evaluating {} after its cooldown failed: {}", alert.alertname(), e.toString());
    }
  }

  @Override
  public void close() {
    cooldowns.shutdownNow();
    queues.close();
  }
}
