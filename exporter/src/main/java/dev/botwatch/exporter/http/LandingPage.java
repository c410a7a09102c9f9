package dev.botwatch.exporter.http;

import java.util.List;

/** {@code GET /}: a page with links, so a person who opens the port knows where to go. */
final class LandingPage {
  private LandingPage() {}

  static String html(List<String> collectors) {
    return """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>botwatch exporter</title></head>
        <body>
        <h1>botwatch exporter</h1>
        <ul>
          <li><a href="/metrics">/metrics</a> (Prometheus text; OpenMetrics or protobuf by Accept)</li>
          <li><a href="/-/healthy">/-/healthy</a>, <a href="/-/ready">/-/ready</a></li>
          <li>POST /api/v1/events, PUT /api/v1/bots/{bot}/state (see docs/bot-contract.md)</li>
        </ul>
        <p>Collectors: %s</p>
        </body></html>
        """
        .formatted(collectors.isEmpty() ? "none" : String.join(", ", collectors));
  }
}
