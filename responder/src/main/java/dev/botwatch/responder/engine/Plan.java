package dev.botwatch.responder.engine;

import dev.botwatch.responder.model.Recheck;
import java.util.ArrayList;
import java.util.List;

/**
 * What one transaction planned, to act on once it committed: runs for the bots' queues, metric
 * increments, whether a Watchdog arrived, cooldown re-checks to arm.
 */
public record Plan(
    List<PlannedRun> runs, List<Counted> counted, boolean watchdogSeen, List<Recheck> rechecks) {
  public Plan {
    runs = List.copyOf(runs);
    counted = List.copyOf(counted);
    rechecks = List.copyOf(rechecks);
  }

  /** Collects a plan while a transaction runs; discarded with it if it rolls back. */
  static final class Builder {
    private final List<PlannedRun> runs = new ArrayList<>();
    private final List<Counted> counted = new ArrayList<>();
    private final List<Recheck> rechecks = new ArrayList<>();
    private boolean watchdogSeen;

    void run(PlannedRun r) {
      runs.add(r);
    }

    void count(Counted c) {
      counted.add(c);
    }

    void recheck(Recheck r) {
      rechecks.add(r);
    }

    void watchdogSeen() {
      watchdogSeen = true;
    }

    Plan build() {
      return new Plan(runs, counted, watchdogSeen, rechecks);
    }
  }
}
