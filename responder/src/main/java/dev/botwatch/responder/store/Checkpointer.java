package dev.botwatch.responder.store;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log into the database file on its own thread and connection, so no
 * webhook's commit waits for it. SQLite's automatic checkpoint runs inside the commit that pushes
 * the log past 1,000 pages: that commit, and every webhook sharing it, then also waits while those
 * pages are written to the database file and it is fsynced. Here the writer's automatic checkpoint
 * only stands by at {@link #BACKSTOP_PAGES} (should this thread ever fall behind), and this one
 * runs a PASSIVE checkpoint (it neither waits for nor blocks the writer or readers) after every
 * {@link #EVERY} commits. Durability is unchanged: each commit still fsyncs the log before it is
 * acknowledged.
 */
final class Checkpointer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  /** Commits between two checkpoints (a commit appends a few pages per unit). */
  static final int EVERY = 100;

  /** The writer's own automatic checkpoint, in log pages: a backstop only. */
  static final int BACKSTOP_PAGES = 20_000;

  private final Handle handle;
  private final Thread thread;
  private final Semaphore due = new Semaphore(0);
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong runs = new AtomicLong();
  private volatile boolean closed;

  Checkpointer(Handle handle, String name) {
    this.handle = handle;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** The writer committed a transaction (called on its thread: only counts and signals). */
  void committed() {
    if (commits.incrementAndGet() % EVERY == 0) {
      due.release();
    }
  }

  /** Checkpoints run so far. */
  long runs() {
    return runs.get();
  }

  private void loop() {
    while (!closed) {
      try {
        due.acquire();
      } catch (InterruptedException e) {
        return;
      }
      due.drainPermits();
      if (closed) {
        return;
      }
      try {
        handle.createQuery("PRAGMA wal_checkpoint(PASSIVE)").mapTo(Integer.class).one();
        runs.incrementAndGet();
      } catch (RuntimeException e) {
        // The next one catches up; the writer's backstop bounds the log meanwhile.
        log.warn("audit store checkpoint failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    due.release();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    handle.close();
  }
}
