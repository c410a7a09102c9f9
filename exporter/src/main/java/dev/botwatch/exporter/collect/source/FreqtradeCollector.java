package dev.botwatch.exporter.collect.source;

import dev.botwatch.exporter.collect.Collector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;

/** Skeleton: exports nothing yet; the real collector replaces it. */
public final class FreqtradeCollector implements Collector {
  private final Map<String, FreqtradeSource> byBot;

  public FreqtradeCollector(Map<String, FreqtradeSource> byBot) {
    this.byBot = Map.copyOf(byBot);
  }

  @Override
  public String name() {
    return "freqtrade";
  }

  @Override
  public MetricSnapshots collect() {
    return MetricSnapshots.of();
  }
}
