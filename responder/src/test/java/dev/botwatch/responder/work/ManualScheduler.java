package dev.botwatch.responder.work;

import dev.botwatch.common.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Scheduler} on a {@link ManualClock}: nothing runs until the test calls {@link #advance},
 * which moves the clock to each due task in turn and runs it on the test's thread.
 */
public final class ManualScheduler implements Scheduler {
  private record Task(Instant at, long seq, Runnable run) {}

  private final ManualClock clock;
  private final List<Task> tasks = new ArrayList<>();
  private long seq;

  public ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t =
        new Task(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
    tasks.add(t);
    return () -> {
      synchronized (this) {
        tasks.remove(t);
      }
    };
  }

  /** Moves time forward by {@code d}, running every task that falls due, in time order. */
  public void advance(Duration d) {
    Instant end = clock.instant().plus(d);
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> !t.at().isAfter(end))
                .min(Comparator.comparing(Task::at).thenComparing(Task::seq))
                .orElse(null);
        if (next == null) {
          break;
        }
        tasks.remove(next);
      }
      if (next.at().isAfter(clock.instant())) {
        clock.set(next.at());
      }
      next.run().run();
    }
    clock.set(end);
  }

  /** Tasks waiting, for assertions. */
  public synchronized int pending() {
    return tasks.size();
  }
}
