package dev.botwatch.responder.engine;

import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.action.build.ActionFactory;
import dev.botwatch.responder.config.Playbooks;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.NewAction;
import dev.botwatch.responder.model.NewIncident;
import dev.botwatch.responder.model.RunKey;
import dev.botwatch.responder.model.RunKind;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.work.BotQueues;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A person's emergency controls: {@link #stop} latches the bot and runs its emergency sequence as
 * its own incident; {@link #resume} asks the bot to trade again and clears the latch only when the
 * bot confirmed. Both jump the bot's queue.
 */
public final class EmergencyControl {
  /** The alertname of incidents a person opened with an emergency stop. */
  static final String MANUAL_ALERTNAME = "ManualEmergencyStop";

  private final ResponderConfig config;
  private final Store store;
  private final Planner planner;
  private final Execution execution;
  private final ActionExecutor executor;
  private final ActionFactory actions;
  private final ResponderMetrics metrics;
  private final Clock clock;
  private final BotQueues queues;
  private final String owner;

  EmergencyControl(
      ResponderConfig config,
      Store store,
      Planner planner,
      Execution execution,
      ActionExecutor executor,
      ActionFactory actions,
      ResponderMetrics metrics,
      Clock clock,
      BotQueues queues,
      String owner) {
    this.config = config;
    this.store = store;
    this.planner = planner;
    this.execution = execution;
    this.executor = executor;
    this.actions = actions;
    this.metrics = metrics;
    this.clock = clock;
    this.queues = queues;
    this.owner = owner;
  }

  /**
   * {@code POST /api/v1/bots/{bot}/emergency-stop}: a manual emergency, its own incident. Returns
   * false when the latch is already on (nothing new is planned).
   */
  public boolean stop(String bot, String reason) {
    boolean started =
        store.write(
            tx -> {
              Instant now = clock.instant();
              tx.lockBot(bot);
              Plan.Builder out = new Plan.Builder();
              if (tx.latched(bot)) {
                return false;
              }
              String startsAt = now.toString();
              long inc =
                  tx.openIncident(
                      new NewIncident(
                          bot,
                          Incident.MANUAL,
                          startsAt,
                          MANUAL_ALERTNAME,
                          Playbooks.EMERGENCY_STOP,
                          Map.of("bot", bot, "alertname", MANUAL_ALERTNAME),
                          Map.of("summary", reason)),
                      now);
              RunKey key = new RunKey(bot, Incident.MANUAL, startsAt, Playbooks.EMERGENCY_STOP);
              long runId = tx.claimRun(key, inc, RunKind.EMERGENCY, false, now);
              tx.setLevel(inc, Playbooks.EMERGENCY_STOP, now);
              tx.latch(bot, reason, now);
              planner.steps(tx, runId, inc, bot, config.emergencyPlaybookFor(bot), null, now, out);
              out.run(new PlannedRun(runId, bot, RunKind.EMERGENCY));
              Plan plan = out.build();
              tx.afterCommit(() -> execution.submit(plan));
              return true;
            });
    return started;
  }

  /**
   * {@code POST /api/v1/bots/{bot}/resume}: calls the bot's resume on its queue (ahead of queued
   * recovery), and clears the latch only when the bot confirmed. Manual emergency incidents close
   * with it.
   */
  public CompletableFuture<Outcome> resume(String bot) {
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    queues.submit(
        bot,
        BotQueues.Priority.URGENT,
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
    ActionFactory.Built built = actions.resume(bot);
    String kind = built.kind();
    Instant planned = clock.instant();
    long rowId =
        store.write(
            tx -> {
              long id =
                  tx.planAction(
                      new NewAction(
                          0, 0, bot, "resume", 0, "resume", kind, ActionStatus.PLANNED, null),
                      planned);
              tx.claimAction(id, owner, planned);
              return id;
            });
    if (built.action() == null) {
      store.finish(rowId, ActionStatus.SKIPPED, built.whyNot(), clock.instant());
      return Outcome.permanent(built.whyNot());
    }
    ActionContext ctx =
        new ActionContext(bot, Map.of("bot", bot), Map.of(), executor.deadlineFromNow());
    Outcome o = executor.run(built.action(), ctx, config.dryRun());
    metrics.actions.labelValues(bot, "resume", "resume", o.recorded().id()).inc();
    Instant now = clock.instant();
    // Manual emergency incidents end with the latch; alert incidents end when their alert does.
    List<Incident> manual =
        o.ok()
            ? store.openIncidents().stream()
                .filter(i -> i.bot().equals(bot) && Incident.MANUAL.equals(i.fingerprint()))
                .toList()
            : List.of();
    store.write(
        tx -> {
          tx.lockBot(bot);
          tx.finishAction(rowId, o.recorded(), o.detail(), now);
          if (o.ok()) {
            tx.unlatch(bot, now);
            manual.forEach(i -> tx.closeIncident(i.id(), now));
          }
          return null;
        });
    if (o.ok()) {
      metrics.emergencyActive.labelValues(bot).set(0);
    }
    return o;
  }
}
