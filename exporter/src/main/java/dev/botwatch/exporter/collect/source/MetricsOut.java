package dev.botwatch.exporter.collect.source;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects the data points of one collector run into families, in first-seen order, so collectors
 * read as "this bot, this value" rather than snapshot-builder plumbing. A family appears only once
 * it has a point. Counter names are given without {@code _total}; the text format appends it.
 */
final class MetricsOut {
  private final Map<String, Object> families = new LinkedHashMap<>();

  MetricsOut gauge(String name, String help, double value, String... labels) {
    builder(name, () -> GaugeSnapshot.builder().name(name).help(help), GaugeSnapshot.Builder.class)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
    return this;
  }

  MetricsOut counter(String name, String help, double value, String... labels) {
    builder(
            name,
            () -> CounterSnapshot.builder().name(name).help(help),
            CounterSnapshot.Builder.class)
        .dataPoint(
            CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
    return this;
  }

  private <B> B builder(String name, Supplier<B> create, Class<B> type) {
    return type.cast(families.computeIfAbsent(name, n -> create.get()));
  }

  MetricSnapshots build() {
    List<MetricSnapshot> out = new ArrayList<>(families.size());
    for (Object b : families.values()) {
      if (b instanceof GaugeSnapshot.Builder g) {
        out.add(g.build());
      } else {
        out.add(((CounterSnapshot.Builder) b).build());
      }
    }
    return new MetricSnapshots(out);
  }
}
