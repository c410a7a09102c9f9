package dev.botwatch.exporter.collect;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every {@link Collector} on its own schedule, each isolated: a collector that throws or
 * overruns its timeout never fails or slows a scrape. A scrape only reads the last results, so it
 * costs no system calls.
 *
 * <p>Families of the same name from several collectors are merged ({@link Snapshots}). Exports,
 * besides each collector's own metrics:
 *
 * <pre>
 * botwatch_collector_success{collector}           1 if the last run succeeded in time, else 0
 * botwatch_collector_duration_seconds{collector}  how long the last run took
 * </pre>
 *
 * A failed run keeps the collector's last good metrics until they are older than {@code
 * staleAfter}, then drops them: a brief hiccup does not punch a hole in every series, and a source
 * that stays broken does not keep reporting values it no longer has.
 */
public final class CollectorRunner implements MultiCollector, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CollectorRunner.class);

  /** How one collector is scheduled. */
  public record Schedule(Duration interval, Duration timeout, Duration staleAfter) {
    public static Schedule every(Duration interval, Duration timeout) {
      return new Schedule(interval, timeout, interval.multipliedBy(3).plus(timeout));
    }
  }

  private record Result(
      MetricSnapshots metrics, long goodAtNanos, boolean success, double seconds) {}

  private final class Slot {
    final Collector collector;
    final Schedule schedule;
    volatile Result last = new Result(MetricSnapshots.of(), 0, false, 0);
    volatile boolean ran;

    Slot(Collector collector, Schedule schedule) {
      this.collector = collector;
      this.schedule = schedule;
    }

    void runOnce() {
      long t0 = clock.getAsLong();
      Future<MetricSnapshots> f = workers.submit(collector::collect);
      MetricSnapshots got = null;
      try {
        got = f.get(schedule.timeout().toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        log.warn("collector {} timed out after {}", collector.name(), schedule.timeout());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        f.cancel(true);
      } catch (Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        log.warn("collector {} failed: {}", collector.name(), cause.toString());
      }
      long t1 = clock.getAsLong();
      double seconds = (t1 - t0) / 1e9;
      Result prev = last;
      if (got != null) {
        last = new Result(got, t1, true, seconds);
      } else {
        boolean stale = t1 - prev.goodAtNanos > schedule.staleAfter().toNanos();
        last =
            new Result(
                stale ? MetricSnapshots.of() : prev.metrics, prev.goodAtNanos, false, seconds);
      }
      if (!ran) {
        ran = true;
        if (ready()) {
          firstRound.complete(null);
        }
      }
      onResult.run();
    }
  }

  private final List<Slot> slots = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private final ExecutorService workers;
  private final LongSupplier clock;
  private final Runnable onResult;
  private final CompletableFuture<Void> firstRound = new CompletableFuture<>();

  public CollectorRunner() {
    this(System::nanoTime, () -> {});
  }

  /**
   * @param onResult runs after each collector run (success or not), so a cached exposition is
   *     rendered anew for the next scrape
   */
  public CollectorRunner(Runnable onResult) {
    this(System::nanoTime, onResult);
  }

  CollectorRunner(LongSupplier clock) {
    this(clock, () -> {});
  }

  CollectorRunner(LongSupplier clock, Runnable onResult) {
    this.clock = clock;
    this.onResult = onResult;
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("collector-ticker"));
    this.workers = Executors.newCachedThreadPool(daemon("collector"));
  }

  /** Adds a collector; call {@link #start()} once all are added. */
  public CollectorRunner add(Collector collector, Schedule schedule) {
    slots.add(new Slot(collector, schedule));
    return this;
  }

  /** Runs every collector once now (so the first scrape has data), then on its schedule. */
  public void start() {
    if (slots.isEmpty()) {
      firstRound.complete(null);
    }
    for (Slot s : slots) {
      long periodMs = s.schedule.interval().toMillis();
      // Each tick hands the run to the worker pool, so a slow collector never delays another.
      ticker.scheduleWithFixedDelay(
          () -> workers.execute(s::runOnce), 0, periodMs, TimeUnit.MILLISECONDS);
    }
  }

  /** Runs every collector once on the calling thread; for tests and golden files. */
  public void runAllOnce() {
    slots.forEach(Slot::runOnce);
  }

  /**
   * True once every collector has finished (or timed out in) its first run, so the first scrape
   * after readiness sees every source; {@code /-/ready} answers from this.
   */
  public boolean ready() {
    for (Slot s : slots) {
      if (!s.ran) {
        return false;
      }
    }
    return true;
  }

  /** Completes when every collector has finished (or timed out in) its first scheduled run. */
  public CompletableFuture<Void> firstRound() {
    return firstRound;
  }

  public List<String> names() {
    return slots.stream().map(s -> s.collector.name()).toList();
  }

  @Override
  public MetricSnapshots collect() {
    GaugeSnapshot.Builder success =
        GaugeSnapshot.builder()
            .name("botwatch_collector_success")
            .help("Whether the collector's last run succeeded within its timeout (1) or not (0).");
    GaugeSnapshot.Builder duration =
        GaugeSnapshot.builder()
            .name("botwatch_collector_duration_seconds")
            .help("How long the collector's last run took.");
    List<MetricSnapshots> parts = new ArrayList<>(slots.size() + 1);
    for (Slot s : slots) {
      Result r = s.last;
      Labels l = Labels.of("collector", s.collector.name());
      success.dataPoint(
          GaugeDataPointSnapshot.builder().labels(l).value(r.success ? 1 : 0).build());
      duration.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value(r.seconds).build());
      parts.add(r.metrics);
    }
    parts.add(MetricSnapshots.of(success.build(), duration.build()));
    return Snapshots.merge(parts, conflict -> log.warn("dropped: {}", conflict));
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    workers.shutdownNow();
    slots.forEach(
        s -> {
          try {
            s.collector.close();
          } catch (RuntimeException e) {
            log.warn("collector {} did not close cleanly: {}", s.collector.name(), e.toString());
          }
        });
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
