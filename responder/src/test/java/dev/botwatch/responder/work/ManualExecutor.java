package dev.botwatch.responder.work;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * An executor that runs nothing until the test calls {@link #runAll}, then everything, in order, on
 * the test's thread: the bots' queues of a unit test drain deterministically, between steps.
 */
public final class ManualExecutor implements Executor {
  private final Deque<Runnable> tasks = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable r) {
    tasks.add(r);
  }

  /** Runs every task, including those the tasks add, until none is left. */
  public void runAll() {
    while (true) {
      Runnable r;
      synchronized (this) {
        r = tasks.poll();
      }
      if (r == null) {
        return;
      }
      r.run();
    }
  }
}
