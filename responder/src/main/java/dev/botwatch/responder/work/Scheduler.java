package dev.botwatch.responder.work;

import java.time.Duration;

/**
 * Runs a task later. The one source of delays in the responder's core (cooldown re-checks, grouped
 * notices, the watchdog check), so tests replace it with a manual one and move time by hand.
 */
public interface Scheduler {
  /** A scheduled task that may be called off. */
  interface Cancellable {
    void cancel();
  }

  /** Runs {@code task} once, {@code delay} from now (at once if it is zero or negative). */
  Cancellable schedule(Duration delay, Runnable task);

  /** Runs {@code task} every {@code period}, the first time one period from now. */
  default void every(Duration period, Runnable task) {
    schedule(
        period,
        () -> {
          try {
            task.run();
          } finally {
            every(period, task);
          }
        });
  }
}
