package dev.botwatch.exporter.collect;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every {@link Collector} on its own schedule, each isolated: a collector that throws or
 * overruns its timeout never fails or slows a scrape. A scrape only reads the last results, so it
 * costs no system calls.
 *
 * <p>Each collector has at most one run in flight ({@link CollectorSlot}): a tick that comes while
 * the previous run still runs is skipped and counted, so a hung source holds one thread of a pool
 * that has one per collector, and never more. Families of the same name from several collectors are
 * merged ({@link Snapshots}). Exports, besides each collector's own metrics:
 *
 * <pre>
 * botwatch_collector_success{collector}           1 if the last run succeeded in time, else 0
 * botwatch_collector_duration_seconds{collector}  how long the last run took
 * botwatch_collector_skipped_total{collector}     ticks skipped: the previous run still ran
 * </pre>
 *
 * A failed run keeps the collector's last good metrics until they are older than {@code
 * staleAfter}, then drops them: a brief hiccup does not punch a hole in every series, and a source
 * that stays broken (or hung) does not keep reporting values it no longer has.
 */
public final class CollectorRunner implements MultiCollector, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CollectorRunner.class);

  /** How one collector is scheduled. */
  public record Schedule(Duration interval, Duration timeout, Duration staleAfter) {
    public static Schedule every(Duration interval, Duration timeout) {
      return new Schedule(interval, timeout, interval.multipliedBy(3).plus(timeout));
    }
  }

  private final List<CollectorSlot> slots = new ArrayList<>();
  private final Timer timer;
  private final Runnable onResult;
  private final CompletableFuture<Void> firstRound = new CompletableFuture<>();
  private ExecutorService workers;
  private volatile boolean closed;

  public CollectorRunner() {
    this(() -> {});
  }

  /**
   * @param onResult runs after each change of a collector's results (a run ended or timed out), so
   *     a cached exposition is rendered anew for the next scrape
   */
  public CollectorRunner(Runnable onResult) {
    this(Timer.system(), null, onResult);
  }

  /**
   * @param workers runs the collectors; null for a pool of one thread per collector, made when the
   *     first run starts
   */
  CollectorRunner(Timer timer, ExecutorService workers, Runnable onResult) {
    this.timer = timer;
    this.workers = workers;
    this.onResult = onResult;
  }

  /** Adds a collector; call {@link #start()} once all are added. */
  public CollectorRunner add(Collector collector, Schedule schedule) {
    slots.add(new CollectorSlot(collector, schedule, timer, this::execute, this::reported));
    return this;
  }

  /** Runs every collector once now (so the first scrape has data), then on its schedule. */
  public void start() {
    if (slots.isEmpty()) {
      firstRound.complete(null);
    }
    for (CollectorSlot s : slots) {
      tick(s);
    }
  }

  private void tick(CollectorSlot s) {
    if (closed) {
      return;
    }
    // The next tick first: whatever this one meets, the schedule goes on.
    timer.schedule(s.schedule.interval(), () -> tick(s));
    s.tick();
  }

  /**
   * Starts every collector's run now (a collector whose run is still in flight counts a skip) and
   * waits until each has ended or timed out; for tests and golden files.
   */
  public void runAllOnce() {
    runAll().join();
  }

  /** Starts every collector's run now; completes when each has ended or timed out. */
  CompletableFuture<Void> runAll() {
    return CompletableFuture.allOf(
        slots.stream().map(CollectorSlot::tick).toArray(CompletableFuture[]::new));
  }

  private void execute(Runnable run) {
    ExecutorService pool;
    synchronized (this) {
      if (workers == null) {
        // Each collector has at most one run in flight, so one thread each is all it takes.
        workers = Executors.newFixedThreadPool(Math.max(1, slots.size()), daemon("collector"));
      }
      pool = workers;
    }
    pool.execute(run);
  }

  private void reported() {
    if (!firstRound.isDone() && ready()) {
      firstRound.complete(null);
    }
    onResult.run();
  }

  /**
   * True once every collector has finished (or timed out in) its first run, so the first scrape
   * after readiness sees every source; {@code /-/ready} answers from this.
   */
  public boolean ready() {
    for (CollectorSlot s : slots) {
      if (!s.ran()) {
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
    CounterSnapshot.Builder skipped =
        CounterSnapshot.builder()
            .name("botwatch_collector_skipped")
            .help("Scheduled runs not started because the collector's previous run still ran.");
    List<MetricSnapshots> parts = new ArrayList<>(slots.size() + 1);
    for (CollectorSlot s : slots) {
      CollectorSlot.Result r = s.last();
      Labels l = Labels.of("collector", s.collector.name());
      success.dataPoint(
          GaugeDataPointSnapshot.builder().labels(l).value(r.success() ? 1 : 0).build());
      duration.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value(r.seconds()).build());
      skipped.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(s.skipped()).build());
      parts.add(r.metrics());
    }
    parts.add(MetricSnapshots.of(success.build(), duration.build(), skipped.build()));
    return Snapshots.merge(parts, conflict -> log.warn("dropped: {}", conflict));
  }

  /**
   * Stops the schedule and closes every collector: now if it is idle, else when its run returns
   * (the run is interrupted), so a collector is never closed under a running read.
   */
  @Override
  public void close() {
    closed = true;
    timer.close();
    slots.forEach(CollectorSlot::close);
    ExecutorService pool;
    synchronized (this) {
      pool = workers;
    }
    if (pool != null) {
      pool.shutdown(); // queued runs see the slot closing and close their collector
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
