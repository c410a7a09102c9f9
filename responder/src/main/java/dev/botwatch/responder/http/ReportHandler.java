package dev.botwatch.responder.http;

import dev.botwatch.common.http.JsonError;
import dev.botwatch.responder.report.HealthReport;
import dev.botwatch.responder.report.ReportBuilder;
import dev.botwatch.responder.report.ReportPeriod;
import dev.botwatch.responder.report.ReportRenderer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /api/v1/report?since=&format=}: the health report from {@code since} to now, as JSON
 * or HTML ({@code format}, else the Accept header; JSON by default). Built on a worker: it reads
 * the store and asks Prometheus.
 */
final class ReportHandler {
  private final Vertx vertx;
  private final ReportBuilder builder;
  private final ReportRenderer renderer;
  private final Clock clock;

  ReportHandler(Vertx vertx, ReportBuilder builder, ReportRenderer renderer, Clock clock) {
    this.vertx = vertx;
    this.builder = builder;
    this.renderer = renderer;
    this.clock = clock;
  }

  void handle(RoutingContext ctx) {
    Instant now = clock.instant();
    Instant since;
    try {
      since = ReportPeriod.since(ctx.request().getParam("since"), now);
    } catch (IllegalArgumentException e) {
      JsonError.send(ctx, 400, e.getMessage(), "since");
      return;
    }
    Boolean html = html(ctx);
    if (html == null) {
      JsonError.send(ctx, 400, "must be json or html", "format");
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              HealthReport r = builder.build(since, now);
              return html ? renderer.html(r) : renderer.json(r);
            },
            false)
        .onSuccess(
            body -> {
              var resp = ctx.response().putHeader("X-Content-Type-Options", "nosniff");
              if (html) {
                // No script, no remote anything: the page is the report and its inline style.
                resp.putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader(
                        "Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
              } else {
                resp.putHeader("Content-Type", "application/json");
              }
              resp.end(body);
            })
        .onFailure(e -> JsonError.send(ctx, 503, "the report could not be built", null));
  }

  /** true for HTML, false for JSON, null for a {@code format} that is neither. */
  private static Boolean html(RoutingContext ctx) {
    String format = ctx.request().getParam("format");
    if (format != null && !format.isEmpty()) {
      return switch (format) {
        case "html" -> true;
        case "json" -> false;
        default -> null;
      };
    }
    for (MIMEHeader m : ctx.parsedHeaders().accept()) {
      String v = m.component() + "/" + m.subComponent();
      if (v.equals("text/html")) {
        return true;
      }
      if (v.equals("application/json") || v.equals("*/*") || v.equals("application/*")) {
        return false;
      }
    }
    return false;
  }
}
