package dev.botwatch.exporter.collect.source;

import dev.botwatch.exporter.collect.Collector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;

/** Skeleton: exports nothing yet; the real collector replaces it. */
public final class LogFileCollector implements Collector {
  private final Map<String, List<LogSource>> byBot;

  public LogFileCollector(Map<String, List<LogSource>> byBot) {
    this.byBot = Map.copyOf(byBot);
  }

  @Override
  public String name() {
    return "logfile";
  }

  @Override
  public MetricSnapshots collect() {
    return MetricSnapshots.of();
  }
}
