package dev.botwatch.exporter.collect;

import dev.botwatch.exporter.collect.CollectorRunner.Schedule;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collector inside {@link CollectorRunner}, with at most one run in flight. A tick that comes
 * while the previous run has not returned (a hung read, a DNS lookup that ignores interrupts)
 * starts nothing and is counted as skipped, so a hung collector holds one thread, not one more per
 * tick. The collector needs no lock of its own: runs never overlap, each starts after the previous
 * one returned (this slot's lock orders them), and {@link Collector#close()} never meets a run.
 *
 * <p>A run that overruns its timeout is reported as failed at the timeout and interrupted; what it
 * returns later is dropped, as it is no longer the current reading.
 */
final class CollectorSlot {
  private static final Logger log = LoggerFactory.getLogger(CollectorSlot.class);

  /** What the slot serves: the metrics, when they were last good, and the last run's outcome. */
  record Result(MetricSnapshots metrics, long goodAtNanos, boolean success, double seconds) {}

  /** One call of {@link Collector#collect()}; its fields are guarded by the slot's lock. */
  private static final class Run {
    final long startedAt;
    final CompletableFuture<Void> reported = new CompletableFuture<>();
    Runnable cancelTimeout = () -> {};
    Thread thread; // the worker inside collect(), while it is
    boolean done; // reported, by its end or by its timeout

    Run(long startedAt) {
      this.startedAt = startedAt;
    }
  }

  final Collector collector;
  final Schedule schedule;
  private final Timer timer;
  private final Executor workers;
  private final Runnable onReport;
  private Run running;
  private boolean closing;
  private boolean closed;
  private volatile Result last = new Result(MetricSnapshots.of(), 0, false, 0);
  private volatile long skipped;
  private volatile boolean ran;

  /**
   * @param onReport runs after each change of what the slot serves (a run's end, a timeout, stale
   *     metrics dropped)
   */
  CollectorSlot(
      Collector collector, Schedule schedule, Timer timer, Executor workers, Runnable onReport) {
    this.collector = collector;
    this.schedule = schedule;
    this.timer = timer;
    this.workers = workers;
    this.onReport = onReport;
  }

  /**
   * Starts a run, or counts a skip while one is in flight. Completes when the run in flight is
   * reported (ended or timed out).
   */
  CompletableFuture<Void> tick() {
    boolean dropped;
    Run r;
    synchronized (this) {
      if (closing) {
        return CompletableFuture.completedFuture(null);
      }
      if (running != null) {
        skipped++;
        dropped = dropIfStale();
        r = running;
      } else {
        r = new Run(timer.nanoTime());
        running = r;
        Run started = r;
        r.cancelTimeout = timer.schedule(schedule.timeout(), () -> timedOut(started));
        try {
          workers.execute(() -> execute(started));
        } catch (RejectedExecutionException e) {
          running = null; // closing: the pool is shut down
          r.cancelTimeout.run();
          r.reported.complete(null);
        }
        return r.reported;
      }
    }
    log.debug("collector {}: previous run still in flight, tick skipped", collector.name());
    if (dropped) {
      onReport.run();
    }
    return r.reported;
  }

  private void execute(Run r) {
    boolean start;
    synchronized (this) {
      start = !r.done && !closing; // else timed out while queued, or closing: not worth starting
      if (start) {
        r.thread = Thread.currentThread();
      } else {
        finish(r);
      }
    }
    if (!start) {
      closeIfClosing();
      return;
    }
    MetricSnapshots got = null;
    Throwable failure = null;
    try {
      got = collector.collect();
      if (got == null) {
        failure = new IllegalStateException("collect() returned null");
      }
    } catch (Throwable e) { // an Error of one collector is still only that collector's failure
      failure = e;
    }
    boolean reported = false;
    synchronized (this) {
      r.thread = null;
      // A timeout that raced the end of the run must not interrupt the pool's next task.
      Thread.interrupted();
      r.cancelTimeout.run();
      if (!r.done) {
        reported = true;
        record(r, got);
      }
      finish(r);
    }
    if (!reported) {
      log.debug("collector {} returned after its timeout; result dropped", collector.name());
    } else if (failure != null) {
      log.warn("collector {} failed: {}", collector.name(), failure.toString());
    }
    if (reported) {
      r.reported.complete(null);
      onReport.run();
    }
    closeIfClosing();
  }

  private void timedOut(Run r) {
    synchronized (this) {
      if (r.done) {
        return;
      }
      record(r, null);
      if (r.thread != null) {
        r.thread.interrupt();
      }
    }
    log.warn(
        "collector {} timed out after {}; ticks are skipped until it returns",
        collector.name(),
        schedule.timeout());
    r.reported.complete(null);
    onReport.run();
  }

  /** Guarded by this. */
  private void record(Run r, MetricSnapshots got) {
    r.done = true;
    long now = timer.nanoTime();
    double seconds = (now - r.startedAt) / 1e9;
    if (got != null) {
      last = new Result(got, now, true, seconds);
    } else {
      Result prev = last;
      boolean stale = now - prev.goodAtNanos() > schedule.staleAfter().toNanos();
      last =
          new Result(
              stale ? MetricSnapshots.of() : prev.metrics(), prev.goodAtNanos(), false, seconds);
    }
    ran = true;
  }

  /** Guarded by this. While a run hangs, its last good metrics still age out. */
  private boolean dropIfStale() {
    Result prev = last;
    long age = timer.nanoTime() - prev.goodAtNanos();
    if (prev.metrics().size() == 0 || age <= schedule.staleAfter().toNanos()) {
      return false;
    }
    last = new Result(MetricSnapshots.of(), prev.goodAtNanos(), false, prev.seconds());
    return true;
  }

  /** Guarded by this. */
  private void finish(Run r) {
    if (running == r) {
      running = null;
    }
    if (!r.done) {
      r.done = true;
      r.reported.complete(null);
    }
  }

  Result last() {
    return last;
  }

  long skipped() {
    return skipped;
  }

  /** True once a run has been reported (ended or timed out). */
  boolean ran() {
    return ran;
  }

  /** Closes the collector now, or when its run in flight returns (which is interrupted). */
  void close() {
    synchronized (this) {
      closing = true;
      if (running != null && running.thread != null) {
        running.thread.interrupt();
      }
    }
    closeIfClosing();
  }

  private void closeIfClosing() {
    synchronized (this) {
      if (!closing || running != null || closed) {
        return;
      }
      closed = true;
    }
    try {
      collector.close();
    } catch (RuntimeException e) {
      log.warn("collector {} did not close cleanly: {}", collector.name(), e.toString());
    }
  }
}
