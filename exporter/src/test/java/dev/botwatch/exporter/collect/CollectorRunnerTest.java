package dev.botwatch.exporter.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.exporter.collect.CollectorRunner.Schedule;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The runner on a {@link ManualTimer}: ticks and timeouts happen when the test moves the clock, and
 * every wait for a worker thread is on an event ({@link Workers#awaitEnded}), never a sleep.
 */
class CollectorRunnerTest {
  static final Duration SEC = Duration.ofSeconds(1);
  final ManualTimer timer = new ManualTimer();
  final Workers pool = new Workers();

  /** A pool without a bound of its own, so a test sees how many threads the runner takes. */
  static final class Workers extends ThreadPoolExecutor {
    private final Semaphore ended = new Semaphore(0);

    Workers() {
      super(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
    }

    @Override
    protected void afterExecute(Runnable r, Throwable t) {
      ended.release();
    }

    /** Waits (at most 10 s) until {@code n} more runs have ended, results recorded. */
    void awaitEnded(int n) throws InterruptedException {
      assertThat(ended.tryAcquire(n, 10, TimeUnit.SECONDS)).as("%d runs ended", n).isTrue();
    }
  }

  /**
   * Returns {@code metric 1}; the call numbered {@code hangOn} hangs until released, ignoring
   * interrupts, as a DNS lookup of the system resolver does.
   */
  static final class Hanging implements Collector {
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final int hangOn;
    final CountDownLatch interrupted = new CountDownLatch(1);
    volatile boolean closed;

    Hanging(int hangOn) {
      this.hangOn = hangOn;
    }

    @Override
    public String name() {
      return "slow";
    }

    @Override
    public MetricSnapshots collect() {
      assertThat(closed).as("collect after close").isFalse();
      if (calls.incrementAndGet() == hangOn) {
        entered.countDown();
        while (release.getCount() > 0) {
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
        }
      }
      return gauge("slow_value", Labels.EMPTY, 1);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void aHungCollectorHoldsOneThreadWhileItsTicksAreSkippedAndCounted() throws Exception {
    Hanging slow = new Hanging(1);
    try (CollectorRunner runner = new CollectorRunner(timer, pool, () -> {})) {
      runner.add(slow, new Schedule(SEC, Duration.ofMillis(500), Duration.ofSeconds(60)));
      runner.start();
      assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(runner.ready()).isFalse();

      timer.advance(Duration.ofMillis(500));
      assertThat(runner.ready()).as("a timed-out first run counts for readiness").isTrue();
      assertThat(value(runner.collect(), "botwatch_collector_success", "slow")).isEqualTo(0);
      assertThat(value(runner.collect(), "botwatch_collector_duration_seconds", "slow"))
          .isEqualTo(0.5);
      assertThat(slow.interrupted.await(10, TimeUnit.SECONDS))
          .as("the run past its timeout is interrupted")
          .isTrue();

      timer.advance(Duration.ofSeconds(3)); // ticks at 1 s, 2 s and 3 s
      assertThat(slow.calls).hasValue(1);
      assertThat(value(runner.collect(), "botwatch_collector_skipped", "slow")).isEqualTo(3);
      assertThat(pool.getLargestPoolSize()).isEqualTo(1);

      slow.release.countDown();
      pool.awaitEnded(1);
      assertThat(value(runner.collect(), "botwatch_collector_success", "slow"))
          .as("a result after the timeout is dropped")
          .isEqualTo(0);

      timer.advance(Duration.ofMillis(500)); // the tick at 4 s starts a run again
      pool.awaitEnded(1);
      MetricSnapshots s = runner.collect();
      assertThat(slow.calls).hasValue(2);
      assertThat(value(s, "botwatch_collector_success", "slow")).isEqualTo(1);
      assertThat(value(s, "slow_value", null)).isEqualTo(1);
      assertThat(value(s, "botwatch_collector_skipped", "slow")).isEqualTo(3);
      assertThat(pool.getLargestPoolSize()).isEqualTo(1);
    }
  }

  @Test
  void throwingAndHangingCollectorsAreIsolatedAndReported() throws Exception {
    Collector throwing =
        named(
            "broken",
            () -> {
              throw new IllegalStateException("boom");
            });
    Hanging slow = new Hanging(1);
    try (CollectorRunner runner = new CollectorRunner(timer, pool, () -> {})) {
      runner.add(fixed("good", "x_value", 7), Schedule.every(SEC, SEC));
      runner.add(throwing, Schedule.every(SEC, SEC));
      runner.add(slow, Schedule.every(SEC, Duration.ofMillis(100)));
      CompletableFuture<Void> all = runner.runAll();
      assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
      timer.advance(Duration.ofMillis(100));
      all.get(10, TimeUnit.SECONDS);
      MetricSnapshots s = runner.collect();
      assertThat(value(s, "x_value", null)).isEqualTo(7);
      assertThat(value(s, "botwatch_collector_success", "good")).isEqualTo(1);
      assertThat(value(s, "botwatch_collector_success", "broken")).isEqualTo(0);
      assertThat(value(s, "botwatch_collector_success", "slow")).isEqualTo(0);
      assertThat(value(s, "botwatch_collector_duration_seconds", "slow")).isEqualTo(0.1);
      assertThat(value(s, "botwatch_collector_skipped", "good")).as("pre-created").isEqualTo(0);
      slow.release.countDown();
    }
  }

  @Test
  void aHungCollectorsLastValuesStillGoStale() throws Exception {
    Hanging slow = new Hanging(2);
    try (CollectorRunner runner = new CollectorRunner(timer, pool, () -> {})) {
      runner.add(slow, new Schedule(SEC, Duration.ofMillis(500), Duration.ofSeconds(5)));
      runner.start();
      pool.awaitEnded(1);
      timer.advance(SEC);
      assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
      timer.advance(Duration.ofSeconds(4)); // timed out at 1.5 s; good at 0 s, so not stale yet
      assertThat(value(runner.collect(), "slow_value", null)).isEqualTo(1);
      assertThat(value(runner.collect(), "botwatch_collector_success", "slow")).isEqualTo(0);
      timer.advance(SEC); // the skipped tick at 6 s finds them older than 5 s
      assertThat(value(runner.collect(), "slow_value", null)).isNaN();
      slow.release.countDown();
    }
  }

  @Test
  void aHungCollectorIsClosedOnlyOnceItsRunReturns() throws Exception {
    Hanging slow = new Hanging(1);
    CollectorRunner runner = new CollectorRunner(timer, pool, () -> {});
    runner.add(slow, Schedule.every(SEC, SEC));
    runner.start();
    assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
    runner.close();
    assertThat(slow.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(slow.closed).as("not closed under a running read").isFalse();
    slow.release.countDown();
    pool.awaitEnded(1);
    assertThat(slow.closed).isTrue();
  }

  @Test
  void failureKeepsLastGoodValueUntilStaleThenDropsIt() {
    AtomicInteger calls = new AtomicInteger();
    Collector flaky =
        named(
            "flaky",
            () -> {
              if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("source gone");
              }
              return gauge("y_value", Labels.EMPTY, 3);
            });
    try (CollectorRunner runner = new CollectorRunner(timer, pool, () -> {})) {
      runner.add(flaky, new Schedule(SEC, SEC, Duration.ofSeconds(10)));
      runner.runAllOnce();
      timer.advance(Duration.ofSeconds(5));
      runner.runAllOnce();
      assertThat(value(runner.collect(), "y_value", null)).isEqualTo(3);
      assertThat(value(runner.collect(), "botwatch_collector_success", "flaky")).isEqualTo(0);
      timer.advance(Duration.ofSeconds(6));
      runner.runAllOnce();
      assertThat(value(runner.collect(), "y_value", null)).isNaN();
    }
  }

  @Test
  void sameFamilyFromTwoCollectorsIsMergedByLabels() {
    try (CollectorRunner runner = new CollectorRunner(timer, pool, () -> {})) {
      runner.add(labelled("a", "paper"), Schedule.every(SEC, SEC));
      runner.add(labelled("b", "live"), Schedule.every(SEC, SEC));
      runner.add(labelled("c", "live"), Schedule.every(SEC, SEC));
      runner.runAllOnce();
      GaugeSnapshot g =
          (GaugeSnapshot)
              runner.collect().stream()
                  .filter(m -> m.getMetadata().getName().equals("bot_z"))
                  .findFirst()
                  .get();
      assertThat(g.getDataPoints())
          .extracting(dp -> dp.getLabels().get("bot") + "=" + dp.getValue())
          .containsExactlyInAnyOrder("paper=1.0", "live=1.0");
    }
  }

  interface Reading {
    MetricSnapshots read() throws Exception;
  }

  static Collector named(String name, Reading reading) {
    return new Collector() {
      public String name() {
        return name;
      }

      public MetricSnapshots collect() throws Exception {
        return reading.read();
      }
    };
  }

  static Collector fixed(String name, String metric, double value) {
    return named(name, () -> gauge(metric, Labels.EMPTY, value));
  }

  static Collector labelled(String name, String bot) {
    return named(name, () -> gauge("bot_z", Labels.of("bot", bot), 1));
  }

  static MetricSnapshots gauge(String metric, Labels labels, double value) {
    return MetricSnapshots.of(
        GaugeSnapshot.builder()
            .name(metric)
            .help("test")
            .dataPoint(
                GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build())
            .build());
  }

  /** The value of a gauge or counter, for {@code collector} if given; NaN when absent. */
  static double value(MetricSnapshots s, String name, String collector) {
    for (MetricSnapshot m : s) {
      if (!m.getMetadata().getName().equals(name)) {
        continue;
      }
      for (DataPointSnapshot dp : m.getDataPoints()) {
        if (collector == null || collector.equals(dp.getLabels().get("collector"))) {
          return dp instanceof CounterSnapshot.CounterDataPointSnapshot c
              ? c.getValue()
              : ((GaugeSnapshot.GaugeDataPointSnapshot) dp).getValue();
        }
      }
    }
    return Double.NaN;
  }
}
