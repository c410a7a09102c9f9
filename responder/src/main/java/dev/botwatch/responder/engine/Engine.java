package dev.botwatch.responder.engine;

import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.build.ActionFactory;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.notice.NoticeDelivery;
import dev.botwatch.responder.policy.Policy;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.watchdog.WatchdogNotifier;
import dev.botwatch.responder.work.BotQueues;
import dev.botwatch.responder.work.Scheduler;
import java.time.Clock;

/**
 * The responder's core, in its parts: {@link Intake} plans, {@link Execution} runs, {@link
 * EmergencyControl} stops and resumes, {@link CooldownRechecks} looks again at held-back alerts.
 * Everything time-dependent takes the clock, the scheduler and the queues given here, so a test
 * drives it all from one thread on a manual clock.
 */
public record Engine(
    Intake intake,
    Execution execution,
    EmergencyControl emergency,
    CooldownRechecks rechecks,
    ReplicaLease lease) {

  /** What the parts share; {@code owner} names this process in the steps it claims. */
  public record Parts(
      ResponderConfig config,
      Store store,
      ActionExecutor executor,
      ActionFactory actions,
      NoticeDelivery notices,
      WatchdogNotifier watchdog,
      ResponderMetrics metrics,
      Clock clock,
      BotQueues queues,
      Scheduler scheduler,
      String owner) {}

  public static Engine create(Parts p) {
    Planner planner = new Planner(p.config(), new Policy(p.config()), p.notices().channels());
    EmergencyOutcome outcome = new EmergencyOutcome(p.store(), planner, p.clock());
    Execution execution =
        new Execution(
            p.config(),
            p.store(),
            p.executor(),
            p.actions(),
            p.notices(),
            outcome,
            p.metrics(),
            p.clock(),
            p.queues(),
            p.owner());
    CooldownRechecks rechecks =
        new CooldownRechecks(p.store(), planner, execution, p.scheduler(), p.clock());
    IntakeBacklog backlog = new IntakeBacklog(p.clock());
    p.metrics().intakeBacklog(backlog::pending, () -> backlog.oldestWait().toNanos() / 1e9);
    Intake intake =
        new Intake(
            p.config(),
            p.store(),
            planner,
            execution,
            rechecks,
            p.watchdog(),
            p.metrics(),
            backlog,
            p.clock());
    EmergencyControl emergency =
        new EmergencyControl(
            p.config(),
            p.store(),
            planner,
            execution,
            p.executor(),
            p.actions(),
            p.metrics(),
            p.clock(),
            p.queues(),
            p.owner());
    for (String bot : p.config().bots().keySet()) {
      p.metrics().emergencyActive.labelValues(bot).set(0);
    }
    ReplicaLease lease =
        new ReplicaLease(
            p.store(), execution, rechecks, p.scheduler(), p.clock(), p.config().store().lease());
    return new Engine(intake, execution, emergency, rechecks, lease);
  }

  /**
   * At start: what the previous process left (interrupted, planned, held, re-checks); on a shared
   * store, the lease that lets other replicas take over if this one stops.
   */
  public void start() {
    execution.recover();
    rechecks.resume();
    lease.start();
  }
}
