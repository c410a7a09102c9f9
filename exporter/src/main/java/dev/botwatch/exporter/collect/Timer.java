package dev.botwatch.exporter.collect;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time {@link CollectorRunner} runs on: a monotonic clock and one-shot timers. The exporter
 * uses {@link #system()}; a test drives a fake by hand, so schedules and timeouts are tested in
 * milliseconds without sleeping.
 */
interface Timer extends AutoCloseable {
  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /**
   * Runs {@code task} once, {@code delay} from now, on the timer's one thread (so a task must be
   * short). Returns what cancels it; cancelling a task that ran or was cancelled does nothing.
   */
  Runnable schedule(Duration delay, Runnable task);

  /** Stops every pending task. */
  @Override
  void close();

  /** {@link System#nanoTime()} and one daemon thread. */
  static Timer system() {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "collector-ticker");
              t.setDaemon(true);
              return t;
            });
    return new Timer() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public Runnable schedule(Duration delay, Runnable task) {
        try {
          ScheduledFuture<?> f = ticker.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
          return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
          return () -> {}; // closed: nothing runs any more
        }
      }

      @Override
      public void close() {
        ticker.shutdownNow();
      }
    };
  }
}
