package dev.botwatch.responder.work;

import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue per bot: jobs on one bot run one at a time, in order, and urgent jobs (emergency stop,
 * resume, a critical notice) jump ahead of queued recovery. Different bots do not wait for each
 * other. Each bot's queue is drained by one task on the injected executor at a time: in production
 * a pool of worker threads (actions block on HTTP, SMTP, processes), in tests the calling thread,
 * so a test runs every job at once and in order, without waiting.
 */
public final class BotQueues implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BotQueues.class);

  /** Which jobs go first. */
  public enum Priority {
    URGENT,
    NORMAL
  }

  private record Job(Priority priority, long seq, Runnable work) implements Comparable<Job> {
    @Override
    public int compareTo(Job o) {
      return priority != o.priority ? priority.compareTo(o.priority) : Long.compare(seq, o.seq);
    }
  }

  private static final class Queue {
    final PriorityQueue<Job> jobs = new PriorityQueue<>();
    boolean draining;
  }

  private final Executor executor;
  private final Map<String, Queue> queues = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();
  private volatile boolean closed;

  public BotQueues(Executor executor) {
    this.executor = executor;
  }

  public void submit(String bot, Priority priority, Runnable work) {
    if (closed) {
      return;
    }
    Queue q = queues.computeIfAbsent(bot, b -> new Queue());
    synchronized (q) {
      q.jobs.add(new Job(priority, seq.incrementAndGet(), work));
      if (q.draining) {
        return;
      }
      q.draining = true;
    }
    executor.execute(() -> drain(bot, q));
  }

  private void drain(String bot, Queue q) {
    while (!closed) {
      Job j;
      synchronized (q) {
        j = q.jobs.poll();
        if (j == null) {
          q.draining = false;
          return;
        }
      }
      try {
        j.work.run();
      } catch (RuntimeException e) {
        // A failing job must not stop the bot's queue; the job records its own outcome.
        log.error("job on bot {} failed: {}", bot, e.toString());
      }
    }
  }

  /** Jobs not started yet are dropped: the store still has them planned for the next start. */
  @Override
  public void close() {
    closed = true;
  }
}
