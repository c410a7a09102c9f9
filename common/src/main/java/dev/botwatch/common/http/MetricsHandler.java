package dev.botwatch.common.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /metrics} for a {@link PrometheusRegistry}: Prometheus text 0.0.4 or OpenMetrics by
 * {@code Accept} (protobuf is never offered: text is what promtool and people read), the {@code
 * name[]} filter, and gzip through the server's compression support. Rendering runs on the calling
 * thread, so everything registered must be cheap: expensive sources are read on their own schedule
 * and only their cached values are rendered here.
 */
public final class MetricsHandler implements Handler<RoutingContext> {
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  public MetricsHandler(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    String debug = ctx.request().getParam("debug");
    ExpositionFormatWriter writer = writer(accept, debug);
    List<String> names = ctx.queryParam("name[]");
    MetricSnapshots snapshots =
        names.isEmpty()
            ? registry.scrape()
            : registry.scrape(MetricNameFilter.builder().nameMustBeEqualTo(names).build());
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, snapshots, EscapingScheme.fromAcceptHeader(accept));
    } catch (IOException e) {
      ctx.fail(e);
      return;
    }
    ctx.response()
        .putHeader(
            "Content-Type", debug != null ? "text/plain; charset=utf-8" : writer.getContentType())
        .end(Buffer.buffer(out.toByteArray()));
  }

  private ExpositionFormatWriter writer(String accept, String debug) {
    if ("openmetrics".equals(debug)) {
      return formats.getOpenMetricsTextFormatWriter();
    }
    if (debug != null || accept == null || !accept.contains("application/openmetrics-text")) {
      return formats.getPrometheusTextFormatWriter();
    }
    return formats.getOpenMetricsTextFormatWriter();
  }
}
