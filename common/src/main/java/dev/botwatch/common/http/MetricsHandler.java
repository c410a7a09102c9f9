package dev.botwatch.common.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * {@code GET /metrics} over an {@link Exposition}: the format is negotiated by {@code Accept} as
 * client_java's own handlers do it (Prometheus protobuf, then OpenMetrics, else text 0.0.4;
 * q-values are not weighed), gzip when {@code Accept-Encoding} allows it, the {@code name[]}
 * filter, and {@code ?debug=text|openmetrics|prometheus-protobuf} for people. The event loop only
 * hands over bytes that are already rendered; rendering happens on the exposition's own thread.
 */
public final class MetricsHandler implements Handler<RoutingContext> {
  private static final List<String> DEBUG = List.of("text", "openmetrics", "prometheus-protobuf");

  private final Exposition exposition;
  private final ExpositionFormats formats = ExpositionFormats.init();

  /** Takes a new snapshot of the registry per scrape round (concurrent scrapes share one). */
  public MetricsHandler(PrometheusRegistry registry) {
    this(new Exposition(registry::scrape, Duration.ZERO, System::nanoTime));
  }

  /** Serves what the exposition has rendered since its last change. */
  public MetricsHandler(Exposition exposition) {
    this.exposition = exposition;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String debug = ctx.request().getParam("debug");
    if (debug != null && !DEBUG.contains(debug)) {
      JsonError.send(ctx, 400, "debug must be one of " + String.join(", ", DEBUG), "debug");
      return;
    }
    Exposition.Request r =
        request(
            formats,
            ctx.request().getHeader("Accept"),
            ctx.request().getHeader("Accept-Encoding"),
            debug,
            ctx.queryParam("name[]"));
    Exposition.Body cached = exposition.cached(r);
    if (cached != null) {
      send(ctx, cached);
      return;
    }
    Context here = ctx.vertx().getOrCreateContext();
    exposition
        .render(r)
        .whenComplete(
            (body, err) ->
                here.runOnContext(
                    v -> {
                      if (err != null) {
                        ctx.fail(err);
                      } else {
                        send(ctx, body);
                      }
                    }));
  }

  /** What a scrape with these headers and parameters asks for. */
  static Exposition.Request request(
      ExpositionFormats formats,
      String accept,
      String acceptEncoding,
      String debug,
      List<String> names) {
    ExpositionFormatWriter w;
    if (debug != null) {
      w =
          switch (debug) {
            case "openmetrics" -> formats.getOpenMetricsTextFormatWriter();
            case "prometheus-protobuf" -> formats.getPrometheusProtobufWriter();
            default -> formats.getPrometheusTextFormatWriter();
          };
    } else {
      w = formats.findWriter(accept);
    }
    if (!w.isAvailable()) {
      w = formats.getPrometheusTextFormatWriter();
    }
    Predicate<String> filter =
        names.isEmpty() ? null : MetricNameFilter.builder().nameMustBeEqualTo(names).build();
    return new Exposition.Request(
        w,
        EscapingScheme.fromAcceptHeader(accept),
        debug == null && acceptsGzip(acceptEncoding),
        filter,
        debug != null);
  }

  /** True when {@code Accept-Encoding} lists gzip (or {@code *}) without {@code q=0}. */
  static boolean acceptsGzip(String header) {
    if (header == null) {
      return false;
    }
    for (String part : header.split(",")) {
      String[] p = part.split(";");
      String coding = p[0].trim().toLowerCase(Locale.ROOT);
      if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
        continue;
      }
      boolean refused = false;
      for (int i = 1; i < p.length; i++) {
        String param = p[i].trim().toLowerCase(Locale.ROOT);
        if (param.startsWith("q=")) {
          try {
            refused = Double.parseDouble(param.substring(2)) <= 0;
          } catch (NumberFormatException e) {
            refused = true;
          }
        }
      }
      if (!refused) {
        return true;
      }
    }
    return false;
  }

  private static void send(RoutingContext ctx, Exposition.Body b) {
    HttpServerResponse res = ctx.response();
    if (res.ended() || res.closed()) {
      return; // the scraper left while we rendered
    }
    res.putHeader("Content-Type", b.contentType())
        .putHeader("Vary", "Accept, Accept-Encoding")
        // Set either way: left unset, the server's compressor would gzip the same bytes again for
        // every scrape, on the event loop.
        .putHeader("Content-Encoding", b.gzip() ? "gzip" : "identity")
        // One Vert.x buffer per rendering, written by every scrape (each write takes a slice):
        // copying 200 KB per scrape made the young generation fill every few milliseconds.
        .end(b.<Buffer>view(Buffer::buffer));
  }
}
