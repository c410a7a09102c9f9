package dev.botwatch.responder.engine;

import dev.botwatch.responder.alert.Alert;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.Recheck;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.work.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks again at incidents a cooldown held back, when it ends, so a held-back step does not wait
 * for Alertmanager's next repeat (30 minutes for a critical alert): a bot whose process died a
 * second after its data went stale gets its restart when the cooldown is over.
 *
 * <p>Cheap under a storm: the store keeps one re-check per incident however many repeats the
 * cooldown held back, and each bot has one timer, at its earliest due re-check. When it fires, one
 * transaction decides every due incident of the bot in order: the first that may run claims its
 * run, the rest find the new cooldown and move their due time. Re-checks live in the store, so a
 * restart resumes them ({@link #resume}).
 */
public final class CooldownRechecks {
  private static final Logger log = LoggerFactory.getLogger(CooldownRechecks.class);

  private final Store store;
  private final Planner planner;
  private final Execution execution;
  private final Scheduler scheduler;
  private final Clock clock;

  /** Per bot, when its timer fires. */
  private final Map<String, Instant> armed = new HashMap<>();

  CooldownRechecks(
      Store store, Planner planner, Execution execution, Scheduler scheduler, Clock clock) {
    this.store = store;
    this.planner = planner;
    this.execution = execution;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** At start: the timers for the re-checks the store kept. */
  public void resume() {
    arm(store.rechecks());
  }

  /** After a commit that added re-checks: each bot's timer fires at its earliest. */
  void arm(List<Recheck> rechecks) {
    for (Recheck r : rechecks) {
      arm(r.bot(), r.due());
    }
  }

  private void arm(String bot, Instant due) {
    synchronized (armed) {
      Instant at = armed.get(bot);
      if (at != null && !at.isAfter(due)) {
        return; // the timer fires first; it arms the next one
      }
      armed.put(bot, due);
    }
    scheduler.schedule(Duration.between(clock.instant(), due), () -> wake(bot, due));
  }

  private void wake(String bot, Instant at) {
    synchronized (armed) {
      armed.remove(bot, at);
    }
    Instant now = clock.instant();
    try {
      store.write(
          tx -> {
            tx.lockBot(bot);
            Plan.Builder out = new Plan.Builder();
            for (Recheck r : tx.dueRechecks(bot, now)) {
              Incident inc = tx.incident(r.incidentId());
              if (inc == null || !inc.open()) {
                tx.dropRecheck(r.incidentId());
              } else {
                planner.alert(tx, alertOf(inc), bot, now, true, List.of(), out);
              }
            }
            Recheck next = tx.nextRecheck(bot);
            if (next != null) {
              out.recheck(next);
            }
            Plan p = out.build();
            tx.afterCommit(
                () -> {
                  execution.submit(p);
                  arm(p.rechecks());
                });
            return p;
          });
    } catch (RuntimeException e) {
      // The re-checks stay in the store: the next start, or the alert's next repeat, gets them.
      log.warn("re-checking held-back alerts of {} failed: {}", bot, e.toString());
    }
  }

  /**
   * The incident's alert as Alertmanager sent it, still firing: the same labels, so the same
   * playbook, overrides and bot.
   */
  static Alert alertOf(Incident inc) {
    return new Alert(
        true,
        inc.labels(),
        inc.annotations(),
        Instant.parse(inc.startsAt()),
        null,
        null,
        inc.fingerprint());
  }
}
