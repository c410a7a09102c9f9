package dev.botwatch.responder.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.responder.Harness;
import dev.botwatch.responder.Payloads;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/v1/report}: JSON or HTML, a clear 400 for a bad {@code since} or format. */
class ReportEndpointTest {
  @TempDir static Path dir;
  static Harness h;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    h =
        new Harness(
            dir,
            """
            bots:
              paper: {control: {base_url: "http://127.0.0.1:1"}}
            report: {enabled: false, prometheus_url: "http://127.0.0.1:1", prometheus_timeout: 1s}
            """);
    // An incident whose labels try to become markup.
    h.alerts(
        Payloads.notification(
            "firing",
            Payloads.alert(
                "firing",
                "00000000000000f1",
                "2026-11-22T08:00:00Z",
                java.util.Map.of(
                    "alertname", "<script>alert(1)</script>",
                    "bot", "paper",
                    "severity", "warning",
                    "recovery", "none"))));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(h.url(path))).timeout(Duration.ofSeconds(20));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void jsonByDefaultWithPrometheusMarkedUnavailable() throws Exception {
    HttpResponse<String> r = get("/api/v1/report", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject j = new JsonObject(r.body());
    assertThat(j.getJsonObject("prometheus").getBoolean("available")).isFalse();
    assertThat(j.getJsonObject("prometheus").getString("error")).contains("unreachable");
    JsonObject paper = j.getJsonArray("bots").getJsonObject(0);
    assertThat(paper.getString("bot")).isEqualTo("paper");
    assertThat(paper.getValue("uptime_ratio")).isNull();
    assertThat(paper.getJsonArray("incidents").getJsonObject(0).getString("alertname"))
        .isEqualTo("<script>alert(1)</script>");
    assertThat(paper.getJsonArray("incidents").getJsonObject(0).getString("ended"))
        .isEqualTo("open");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/report?format=html|",
        "/api/v1/report|text/html,application/xhtml+xml,*/*;q=0.8",
        "/api/v1/report?since=2h|text/html",
      })
  void htmlByFormatOrAcceptWithEveryLabelEscaped(String path, String accept) throws Exception {
    HttpResponse<String> r = get(path, accept);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("default-src 'none'"));
    assertThat(r.body())
        .contains("<h2>paper</h2>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>");
  }

  @Test
  void jsonWhenAskedForIt() throws Exception {
    HttpResponse<String> r = get("/api/v1/report?format=json", "text/html");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "since=yesterday|since|must be a duration",
        "since=2026-13-01T00:00:00Z|since|must be an RFC 3339 time",
        "since=40d|since|must be at most 31 days ago",
        "since=0s|since|must be a duration > 0",
        "since=2999-01-01T00:00:00Z|since|must be in the past",
        "format=xml|format|must be json or html",
      })
  void badParametersAreA400NamingThem(String query, String field, String error) throws Exception {
    HttpResponse<String> r = get("/api/v1/report?" + query, null);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject j = new JsonObject(r.body());
    assertThat(j.getString("field")).isEqualTo(field);
    assertThat(j.getString("error")).contains(error);
  }

  @Test
  void theConsoleLinksTheReport() throws Exception {
    assertThat(get("/", null).body()).contains("href=\"/api/v1/report?format=html\"");
  }
}
