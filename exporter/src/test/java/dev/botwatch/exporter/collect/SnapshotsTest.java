package dev.botwatch.exporter.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.exporter.TestText;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotsTest {
  static MetricSnapshots info(String... botVersion) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("bot_info").help("h");
    for (int i = 0; i < botVersion.length; i += 2) {
      b.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(Labels.of("bot", botVersion[i], "version", botVersion[i + 1]))
              .value(1)
              .build());
    }
    return MetricSnapshots.of(b.build());
  }

  @Test
  void botInfoKeepsOneSeriesPerBotFromTheFirstSourceThatHasIt() {
    // "a" sorts before "z", so the earlier source must win by order, not by label sort.
    List<MetricSnapshots> parts =
        List.of(info("x", "z"), info("x", "a", "y", "1"), MetricSnapshots.of());
    String text =
        TestText.of(Snapshots.merge(Snapshots.oneSeriesPerBot("bot_info", parts), c -> {}));
    assertThat(text)
        .contains("bot_info{bot=\"x\",version=\"z\"} 1.0")
        .contains("bot_info{bot=\"y\",version=\"1\"} 1.0")
        .doesNotContain("version=\"a\"");
  }

  @Test
  void sameNamedFamiliesMergeAndDuplicatesAreReported() {
    List<String> conflicts = new ArrayList<>();
    MetricSnapshots merged =
        Snapshots.merge(List.of(info("x", "1"), info("x", "1", "y", "2")), conflicts::add);
    assertThat(TestText.of(merged)).contains("bot=\"y\"").contains("bot=\"x\"");
    assertThat(conflicts).hasSize(1);
  }
}
