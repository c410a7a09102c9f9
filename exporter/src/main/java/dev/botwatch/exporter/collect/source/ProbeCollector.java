package dev.botwatch.exporter.collect.source;

import dev.botwatch.exporter.collect.Collector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;

/** Skeleton: exports nothing yet; the real collector replaces it. */
public final class ProbeCollector implements Collector {
  private final Map<String, List<ProbeSource>> byBot;

  public ProbeCollector(Map<String, List<ProbeSource>> byBot) {
    this.byBot = Map.copyOf(byBot);
  }

  @Override
  public String name() {
    return "probe";
  }

  @Override
  public MetricSnapshots collect() {
    return MetricSnapshots.of();
  }
}
