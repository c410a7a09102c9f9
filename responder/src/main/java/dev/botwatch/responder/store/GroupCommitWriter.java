package dev.botwatch.responder.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the store. Units queue up while a transaction commits; the next transaction
 * takes every unit waiting (up to {@link #MAX_UNITS}), so a burst of webhooks shares one commit and
 * one fsync instead of paying one each. Each unit runs inside its own savepoint: a unit that throws
 * is rolled back alone and its caller gets the exception; the others commit. A caller's future
 * completes only after the commit that holds its unit returned: nothing is acknowledged before it
 * is durable ({@code synchronous=FULL}).
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** Bounds one transaction, so a storm cannot make a single commit hold thousands of units. */
  static final int MAX_UNITS = 256;

  private record Pending<T>(Store.Unit<T> unit, CompletableFuture<T> result) {}

  private final Handle handle;
  private final Runnable onCommit;
  private final SqlTx tx;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong units = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param onCommit called on the writer's thread after each commit; must not block
   */
  GroupCommitWriter(Handle handle, String name, Runnable onCommit) {
    this.handle = handle;
    this.onCommit = onCommit;
    this.tx = new SqlTx(handle);
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
    List<Object> results = new ArrayList<>();
    List<RuntimeException> failures = new ArrayList<>();
    List<Runnable> afterCommit = new ArrayList<>();
    try {
      handle.begin();
      for (Pending<?> p : batch) {
        handle.savepoint("unit");
        try {
          results.add(p.unit().apply(tx));
          failures.add(null);
          afterCommit.addAll(tx.takeAfterCommit());
          handle.release("unit");
        } catch (RuntimeException e) {
          // Undoes this unit's writes only; the savepoint ends with it.
          handle.rollbackToSavepoint("unit");
          tx.takeAfterCommit();
          results.add(null);
          failures.add(e);
        }
      }
      handle.commit();
    } catch (RuntimeException e) {
      log.error("audit store commit failed: {}", e.toString());
      try {
        handle.rollback();
      } catch (RuntimeException ignored) {
        // the connection is gone; every unit of the batch fails below
      }
      tx.takeAfterCommit();
      StoreException failed = new StoreException("audit store write failed", e);
      batch.forEach(p -> p.result().completeExceptionally(failed));
      return;
    }
    transactions.incrementAndGet();
    units.addAndGet(batch.size());
    onCommit.run();
    for (Runnable r : afterCommit) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.error("after a commit: {}", e.toString());
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results.get(i), failures.get(i));
    }
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
    handle.close();
    StoreException gone = new StoreException("the audit store is closed", null);
    for (Pending<?> p; (p = queue.poll()) != null; ) {
      if (p.unit() != null) {
        p.result().completeExceptionally(gone);
      }
    }
  }
}
