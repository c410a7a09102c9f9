package dev.botwatch.exporter.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CollectorRunnerTest {
  static final Duration SEC = Duration.ofSeconds(1);

  static Collector fixed(String name, String metric, double value) {
    return new Collector() {
      public String name() {
        return name;
      }

      public MetricSnapshots collect() {
        return MetricSnapshots.of(
            GaugeSnapshot.builder()
                .name(metric)
                .help("test")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build())
                .build());
      }
    };
  }

  static double gauge(MetricSnapshots s, String name, String collector) {
    for (MetricSnapshot m : s) {
      if (m.getMetadata().getName().equals(name)) {
        for (var dp : ((GaugeSnapshot) m).getDataPoints()) {
          if (collector == null || collector.equals(dp.getLabels().get("collector"))) {
            return dp.getValue();
          }
        }
      }
    }
    return Double.NaN;
  }

  @Test
  void throwingAndHangingCollectorsAreIsolatedAndReported() {
    Collector throwing =
        new Collector() {
          public String name() {
            return "broken";
          }

          public MetricSnapshots collect() {
            throw new IllegalStateException("boom");
          }
        };
    Collector hanging =
        new Collector() {
          public String name() {
            return "slow";
          }

          public MetricSnapshots collect() throws InterruptedException {
            Thread.sleep(60_000);
            return MetricSnapshots.of();
          }
        };
    try (CollectorRunner runner = new CollectorRunner()) {
      runner.add(fixed("good", "x_value", 7), CollectorRunner.Schedule.every(SEC, SEC));
      runner.add(throwing, CollectorRunner.Schedule.every(SEC, SEC));
      runner.add(hanging, CollectorRunner.Schedule.every(SEC, Duration.ofMillis(100)));
      long t0 = System.nanoTime();
      runner.runAllOnce();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      MetricSnapshots s = runner.collect();
      assertThat(gauge(s, "x_value", null)).isEqualTo(7);
      assertThat(gauge(s, "botwatch_collector_success", "good")).isEqualTo(1);
      assertThat(gauge(s, "botwatch_collector_success", "broken")).isEqualTo(0);
      assertThat(gauge(s, "botwatch_collector_success", "slow")).isEqualTo(0);
      assertThat(gauge(s, "botwatch_collector_duration_seconds", "slow")).isBetween(0.09, 2.0);
    }
  }

  @Test
  void failureKeepsLastGoodValueUntilStaleThenDropsIt() {
    AtomicLong now = new AtomicLong(0);
    AtomicInteger calls = new AtomicInteger();
    Collector flaky =
        new Collector() {
          public String name() {
            return "flaky";
          }

          public MetricSnapshots collect() throws Exception {
            if (calls.incrementAndGet() > 1) {
              throw new IllegalStateException("source gone");
            }
            return fixed("f", "y_value", 3).collect();
          }
        };
    try (CollectorRunner runner = new CollectorRunner(now::get)) {
      runner.add(flaky, new CollectorRunner.Schedule(SEC, SEC, Duration.ofSeconds(10)));
      runner.runAllOnce();
      now.set(Duration.ofSeconds(5).toNanos());
      runner.runAllOnce();
      assertThat(gauge(runner.collect(), "y_value", null)).isEqualTo(3);
      assertThat(gauge(runner.collect(), "botwatch_collector_success", "flaky")).isEqualTo(0);
      now.set(Duration.ofSeconds(11).toNanos());
      runner.runAllOnce();
      assertThat(gauge(runner.collect(), "y_value", null)).isNaN();
    }
  }

  @Test
  void sameFamilyFromTwoCollectorsIsMergedByLabels() {
    Collector a = labelled("a", "paper");
    Collector b = labelled("b", "live");
    Collector dup = labelled("c", "live");
    try (CollectorRunner runner = new CollectorRunner()) {
      runner.add(a, CollectorRunner.Schedule.every(SEC, SEC));
      runner.add(b, CollectorRunner.Schedule.every(SEC, SEC));
      runner.add(dup, CollectorRunner.Schedule.every(SEC, SEC));
      runner.runAllOnce();
      MetricSnapshots s = runner.collect();
      GaugeSnapshot g =
          (GaugeSnapshot)
              s.stream().filter(m -> m.getMetadata().getName().equals("bot_z")).findFirst().get();
      assertThat(g.getDataPoints())
          .extracting(dp -> dp.getLabels().get("bot") + "=" + dp.getValue())
          .containsExactlyInAnyOrder("paper=1.0", "live=1.0");
    }
  }

  static Collector labelled(String name, String bot) {
    return new Collector() {
      public String name() {
        return name;
      }

      public MetricSnapshots collect() {
        return MetricSnapshots.of(
            GaugeSnapshot.builder()
                .name("bot_z")
                .help("test")
                .dataPoint(
                    GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(io.prometheus.metrics.model.snapshots.Labels.of("bot", bot))
                        .value(1)
                        .build())
                .build());
      }
    };
  }
}
