package dev.botwatch.responder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker thread per bot: actions on one bot run one at a time, in order, and urgent jobs
 * (emergency stop, resume) jump ahead of queued recovery. Different bots do not wait for each
 * other. Actions block (HTTP, SMTP, processes), which is why these are plain threads and not an
 * event loop.
 */
final class BotQueues implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BotQueues.class);

  private record Job(int priority, long seq, Runnable work) implements Comparable<Job> {
    @Override
    public int compareTo(Job o) {
      return priority != o.priority
          ? Integer.compare(priority, o.priority)
          : Long.compare(seq, o.seq);
    }
  }

  static final int URGENT = 0;
  static final int NORMAL = 1;

  private final Map<String, PriorityBlockingQueue<Job>> queues = new ConcurrentHashMap<>();
  private final Map<String, Thread> threads = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();
  private volatile boolean closed;

  void submit(String bot, int priority, Runnable work) {
    if (closed) {
      return;
    }
    PriorityBlockingQueue<Job> q =
        queues.computeIfAbsent(
            bot,
            b -> {
              PriorityBlockingQueue<Job> nq = new PriorityBlockingQueue<>();
              Thread t = new Thread(() -> loop(b, nq), "responder-bot-" + b);
              t.setDaemon(true);
              threads.put(b, t);
              t.start();
              return nq;
            });
    q.add(new Job(priority, seq.incrementAndGet(), work));
  }

  private void loop(String bot, PriorityBlockingQueue<Job> q) {
    while (!closed) {
      Job j;
      try {
        j = q.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        j.work.run();
      } catch (RuntimeException e) {
        // A failing job must not stop the bot's queue; the job records its own outcome.
        log.error("job on bot {} failed: {}", bot, e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    threads.values().forEach(Thread::interrupt);
  }
}
