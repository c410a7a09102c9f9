package dev.botwatch.exporter.ingest;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * The exporter's own ingest bookkeeping, in its own registry. Exports:
 *
 * <pre>
 * botwatch_events_received_total{type}      accepted events by type (all types pre-created)
 * botwatch_events_rejected_total{reason}    refused requests: a refused batch counts once
 * botwatch_bots_expired_total               undeclared bots forgotten after ingest.bot_expiry
 * botwatch_build_info{version}              1
 * </pre>
 *
 * Reasons: invalid_json (400), invalid (422), cardinality (422), too_large (413),
 * unsupported_media_type (415), unauthorized (401).
 */
public final class SelfMetrics {
  public static final List<String> REASONS =
      List.of(
          "invalid_json",
          "invalid",
          "cardinality",
          "too_large",
          "unsupported_media_type",
          "unauthorized");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter received =
      Counter.builder()
          .name("botwatch_events_received_total")
          .help("Bot events accepted, by type.")
          .labelNames("type")
          .register(registry);
  private final Counter rejected =
      Counter.builder()
          .name("botwatch_events_rejected_total")
          .help("Event and state requests refused, by reason; a refused batch counts once.")
          .labelNames("reason")
          .register(registry);

  private final Counter expired =
      Counter.builder()
          .name("botwatch_bots_expired_total")
          .help(
              "Undeclared bots forgotten after sending nothing for ingest.bot_expiry (series"
                  + " removed, slot freed).")
          .register(registry);

  public SelfMetrics(String version) {
    EventParser.TYPES.forEach(received::initLabelValues);
    REASONS.forEach(rejected::initLabelValues);
    Gauge.builder()
        .name("botwatch_build_info")
        .help("The exporter's version; always 1.")
        .labelNames("version")
        .register(registry)
        .labelValues(version)
        .set(1);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void received(String type, long n) {
    received.labelValues(type).inc(n);
  }

  public void expired() {
    expired.inc();
  }

  public void rejected(String reason) {
    rejected.labelValues(reason).inc();
  }
}
