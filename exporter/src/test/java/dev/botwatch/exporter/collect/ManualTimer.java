package dev.botwatch.exporter.collect;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link Timer} that a test moves by hand: {@link #advance} runs each task that falls due, in
 * order, on the calling thread, with the clock set to its due time.
 */
final class ManualTimer implements Timer {
  private record Task(long due, long seq, Runnable run) {}

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq));
  private long now;
  private long seq;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Runnable schedule(Duration delay, Runnable task) {
    Task t = new Task(now + delay.toNanos(), seq++, task);
    tasks.add(t);
    return () -> {
      synchronized (this) {
        tasks.remove(t);
      }
    };
  }

  /** Moves the clock {@code d} forward, running what falls due on the way. */
  void advance(Duration d) {
    long end;
    synchronized (this) {
      end = now + d.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due() > end) {
          now = end;
          return;
        }
        tasks.poll();
        now = next.due();
      }
      next.run().run(); // outside the lock: a task takes the runner's locks, which read the clock
    }
  }

  @Override
  public synchronized void close() {
    tasks.clear();
  }
}
