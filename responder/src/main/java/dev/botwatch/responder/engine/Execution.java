package dev.botwatch.responder.engine;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.action.build.ActionFactory;
import dev.botwatch.responder.config.Playbooks;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.RunKind;
import dev.botwatch.responder.notice.NoticeDelivery;
import dev.botwatch.responder.notice.NoticeKind;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.work.BotQueues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs what intake planned: each run on its bot's queue (emergency runs first), each step claimed
 * from the store (planned to running, under this process's owner name) before it is attempted, and
 * recorded final after. Retries, deadlines and breakers belong to the {@link ActionExecutor}.
 */
public final class Execution {
  private static final Logger log = LoggerFactory.getLogger(Execution.class);

  private final ResponderConfig config;
  private final Store store;
  private final ActionExecutor executor;
  private final ActionFactory actions;
  private final NoticeDelivery notices;
  private final EmergencyOutcome emergencyOutcome;
  private final ResponderMetrics metrics;
  private final Clock clock;
  private final BotQueues queues;
  private final String owner;

  Execution(
      ResponderConfig config,
      Store store,
      ActionExecutor executor,
      ActionFactory actions,
      NoticeDelivery notices,
      EmergencyOutcome emergencyOutcome,
      ResponderMetrics metrics,
      Clock clock,
      BotQueues queues,
      String owner) {
    this.config = config;
    this.store = store;
    this.executor = executor;
    this.actions = actions;
    this.notices = notices;
    this.emergencyOutcome = emergencyOutcome;
    this.metrics = metrics;
    this.clock = clock;
    this.queues = queues;
    this.owner = owner;
  }

  /** After the plan committed: applies its metric increments and queues its runs. */
  public void submit(Plan plan) {
    for (Counted c : plan.counted()) {
      metrics.actions.labelValues(c.bot(), c.playbook(), c.action(), c.outcome()).inc();
    }
    for (PlannedRun p : plan.runs()) {
      if (p.kind() == RunKind.EMERGENCY) {
        metrics.emergencyActive.labelValues(p.bot()).set(1);
      }
      queue(
          p, p.kind() == RunKind.EMERGENCY ? BotQueues.Priority.URGENT : BotQueues.Priority.NORMAL);
    }
  }

  private void queue(PlannedRun p, BotQueues.Priority priority) {
    queues.submit(p.bot(), priority, () -> execute(p));
  }

  /** At start: marks interrupted actions, restores the latch gauges and continues planned runs. */
  public void recover() {
    carryOn(
        store.recoverAtStart(clock.instant(), Playbooks.IDEMPOTENT_EMERGENCY),
        "the responder stopped");
    notices.restore();
    store.latches().keySet().forEach(b -> metrics.emergencyActive.labelValues(b).set(1));
  }

  /**
   * On a shared store: takes over what replicas whose lease lapsed left, by the rules of a restart.
   */
  void takeOver() {
    carryOn(
        store.takeOver(clock.instant(), Playbooks.IDEMPOTENT_EMERGENCY),
        "the replica running it stopped");
  }

  private void carryOn(Store.Recovery r, String who) {
    for (ActionRecord a : r.interrupted()) {
      if (!NoticeKind.PLAYBOOK.equals(a.playbook())) {
        metrics.actions.labelValues(a.bot(), a.playbook(), a.step(), "interrupted").inc();
      }
      boolean again = r.again().stream().anyMatch(x -> x.id() == a.id());
      log.warn(
          "{} on {} was running when {}: marked interrupted, {}",
          a.step(),
          a.bot(),
          who,
          again ? "runs again (an idempotent emergency step)" : "not repeated");
    }
    for (long runId : r.runs()) {
      List<ActionRecord> rows = store.runActions(runId);
      RunKind kind = store.runKind(runId);
      if (!rows.isEmpty() && kind != null) {
        submit(
            new Plan(
                List.of(new PlannedRun(runId, rows.get(0).bot(), kind)),
                List.of(),
                false,
                List.of()));
      }
    }
    if (!r.runs().isEmpty()) {
      log.info("continuing {} run(s) left planned when {}", r.runs().size(), who);
    }
  }

  private void execute(PlannedRun p) {
    for (ActionRecord row : store.runActions(p.runId())) {
      if (row.status() == ActionStatus.PLANNED) {
        step(p, row);
      }
    }
    if (p.kind() == RunKind.EMERGENCY) {
      for (PlannedRun n : emergencyOutcome.after(p)) {
        // Ahead of any recovery queued for the bot: a person must hear of this first.
        queue(n, BotQueues.Priority.URGENT);
      }
    }
  }

  private void step(PlannedRun p, ActionRecord row) {
    if (!store.claim(row.id(), owner, clock.instant())) {
      return; // another process took it, or it is no longer planned
    }
    if (p.kind() == RunKind.NOTICE) {
      notices.deliver(row);
      return;
    }
    Incident inc = store.incident(row.incidentId());
    String skip = null;
    if (p.kind() == RunKind.RECOVERY) {
      if (inc == null || !inc.open()) {
        skip = "the alert resolved before this step";
      } else if (store.latches().containsKey(p.bot())) {
        skip = "emergency latch is on: recovery stands down";
      }
    }
    ActionFactory.Built built =
        skip == null ? actions.build(p.bot(), row.playbook(), row.seq()) : null;
    if (built != null) {
      skip = built.whyNot();
    }
    if (skip != null) {
      finish(p, row, ActionStatus.SKIPPED, skip, false);
      return;
    }
    boolean dry = built.step() != null && config.dryRunFor(row.playbook(), built.step().dry());
    Instant deadline = executor.deadlineFromNow();
    Duration budget = built.budget();
    if (budget != null && deadline.isBefore(clock.instant().plus(budget))) {
      deadline = clock.instant().plus(budget);
    }
    ActionContext ctx =
        new ActionContext(
            p.bot(),
            inc == null ? Map.of("bot", p.bot()) : inc.labels(),
            inc == null ? Map.of() : inc.annotations(),
            deadline);
    boolean liquidating = Playbooks.LIQUIDATING.contains(row.step());
    // Liquidation is never retried: a call that timed out may still have flattened positions.
    int attempts = liquidating ? 1 : Integer.MAX_VALUE;
    // An emergency step goes out whatever the breaker says: the stop must reach the bot.
    ActionExecutor.Urgency urgency =
        p.kind() == RunKind.EMERGENCY
            ? ActionExecutor.Urgency.EMERGENCY
            : ActionExecutor.Urgency.RECOVERY;
    Action action = built.action();
    Outcome o = executor.run(action, ctx, dry, attempts, urgency);
    // A planned step carries a note only when it runs again after a restart: keep it.
    String detail = row.detail() == null ? o.detail() : row.detail() + ": " + o.detail();
    finish(p, row, o.recorded(), detail, liquidating && o.status() == Outcome.Status.SUCCESS);
  }

  private void finish(
      PlannedRun p, ActionRecord row, ActionStatus status, String detail, boolean liquidated) {
    // Counted before the store says final, so tests and people never see the row without it.
    metrics.actions.labelValues(p.bot(), row.playbook(), row.step(), status.id()).inc();
    Instant now = clock.instant();
    store.write(
        tx -> {
          tx.finishAction(row.id(), status, detail, now);
          if (liquidated) {
            tx.liquidated(p.bot(), now);
          }
          return null;
        });
  }
}
