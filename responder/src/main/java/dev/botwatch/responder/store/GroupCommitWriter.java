package dev.botwatch.responder.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the store (per process). Units queue up while a transaction commits; the next
 * transaction takes every unit waiting (up to {@link #MAX_UNITS}), so a burst of webhooks shares
 * one commit and one fsync instead of paying one each. Each unit runs inside its own savepoint: a
 * unit that throws is rolled back alone and its caller gets the exception; the others commit. A
 * caller's future completes only after the commit that holds its unit returned: nothing is
 * acknowledged before it is durable ({@code synchronous=FULL} on SQLite, {@code synchronous_commit}
 * on PostgreSQL).
 *
 * <p>On PostgreSQL replicas of the responder write at once: when a unit loses a deadlock (two
 * batches locking two bots in opposite orders) the whole transaction is rolled back, releasing what
 * the other replica waits for, and the batch runs again, up to {@link #TRANSIENT_ATTEMPTS} times;
 * after that its units fail like any other.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** Bounds one transaction, so a storm cannot make a single commit hold thousands of units. */
  static final int MAX_UNITS = 256;

  /** Runs of a batch that PostgreSQL aborted as a deadlock or serialization failure. */
  static final int TRANSIENT_ATTEMPTS = 3;

  /** Where the writer's connection comes from, per transaction. */
  interface Connections extends AutoCloseable {
    Handle acquire();

    /** After each transaction, committed or not. */
    void release(Handle h);

    @Override
    void close();
  }

  private record Pending<T>(Store.Unit<T> unit, CompletableFuture<T> result) {}

  private final Connections connections;
  private final Function<Handle, SqlTx> txs;
  private final Runnable onCommit;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong units = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param onCommit called on the writer's thread after each commit; must not block
   */
  GroupCommitWriter(
      Connections connections, Function<Handle, SqlTx> txs, String name, Runnable onCommit) {
    this.connections = connections;
    this.txs = txs;
    this.onCommit = onCommit;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  <T> T write(Store.Unit<T> unit) {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("a unit of work must not write through the store again");
    }
    try {
      return submit(unit).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("audit store write failed", e.getCause());
    }
  }

  /**
   * Queues {@code unit} for the next transaction; the future completes on this writer's thread once
   * the commit that holds it returned (its exception if the unit or the commit failed).
   */
  <T> CompletableFuture<T> submit(Store.Unit<T> unit) {
    CompletableFuture<T> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new StoreException("the audit store is closed", null));
      return f;
    }
    queue.add(new Pending<>(unit, f));
    return f;
  }

  long transactions() {
    return transactions.get();
  }

  long units() {
    return units.get();
  }

  int queued() {
    return queue.size();
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, MAX_UNITS - 1);
      // The close marker: commit what came before it, then stop.
      stop = batch.removeIf(p -> p.unit() == null);
      if (!batch.isEmpty()) {
        commit(batch);
      }
      batch.clear();
    }
  }

  private void commit(List<Pending<?>> batch) {
    for (int attempt = 1; ; attempt++) {
      Attempt a = attempt(batch);
      if (a == null) {
        return; // the commit failed; every caller has its error
      }
      if (a.lostDeadlock) {
        if (attempt < TRANSIENT_ATTEMPTS) {
          log.info("audit store: a deadlock with another replica; the transaction runs again");
          continue;
        }
        StoreException failed =
            new StoreException("audit store write failed: deadlocks with another replica", null);
        batch.forEach(p -> p.result().completeExceptionally(failed));
        return;
      }
      transactions.incrementAndGet();
      units.addAndGet(batch.size());
      onCommit.run();
      for (Runnable r : a.afterCommit) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.error("after a commit: {}", e.toString());
        }
      }
      for (int i = 0; i < batch.size(); i++) {
        complete(batch.get(i), a.results.get(i), a.failures.get(i));
      }
      return;
    }
  }

  /** What one transaction of the batch did; {@code lostDeadlock}: rolled back, to run again. */
  private static final class Attempt {
    final List<Object> results = new ArrayList<>();
    final List<RuntimeException> failures = new ArrayList<>();
    final List<Runnable> afterCommit = new ArrayList<>();
    boolean lostDeadlock;
  }

  /**
   * Runs the batch in one transaction, each unit in its own savepoint. A unit that loses a deadlock
   * rolls the whole transaction back (the locks of the units before it are what the other
   * transaction waits for); null when the transaction itself failed.
   */
  private Attempt attempt(List<Pending<?>> batch) {
    Attempt out = new Attempt();
    Handle handle = null;
    SqlTx tx = null;
    try {
      handle = connections.acquire();
      tx = txs.apply(handle);
      handle.begin();
      for (Pending<?> p : batch) {
        handle.savepoint("unit");
        try {
          out.results.add(p.unit().apply(tx));
          out.failures.add(null);
          out.afterCommit.addAll(tx.takeAfterCommit());
          handle.release("unit");
        } catch (RuntimeException e) {
          // Undoes this unit's writes only; the savepoint ends with it.
          handle.rollbackToSavepoint("unit");
          tx.takeAfterCommit();
          if (lostDeadlock(e)) {
            handle.rollback();
            out.lostDeadlock = true;
            return out;
          }
          out.results.add(null);
          out.failures.add(e);
        }
      }
      handle.commit();
      return out;
    } catch (RuntimeException e) {
      log.error("audit store commit failed: {}", e.toString());
      if (handle != null) {
        try {
          handle.rollback();
        } catch (RuntimeException ignored) {
          // the connection is gone; every unit of the batch fails below
        }
      }
      if (tx != null) {
        tx.takeAfterCommit();
      }
      StoreException failed = new StoreException("audit store write failed", e);
      batch.forEach(p -> p.result().completeExceptionally(failed));
      return null;
    } finally {
      if (handle != null) {
        connections.release(handle);
      }
    }
  }

  /** PostgreSQL's deadlock_detected (40P01) and serialization_failure (40001): try again. */
  private static boolean lostDeadlock(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SQLException s
          && ("40P01".equals(s.getSQLState()) || "40001".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> p, Object result, RuntimeException failure) {
    if (failure != null) {
      p.result().completeExceptionally(failure);
    } else {
      p.result().complete((T) result);
    }
  }

  /** Commits what is queued, then stops the thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(new Pending<>(null, null));
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connections.close();
    StoreException gone = new StoreException("the audit store is closed", null);
    for (Pending<?> p; (p = queue.poll()) != null; ) {
      if (p.unit() != null) {
        p.result().completeExceptionally(gone);
      }
    }
  }
}
