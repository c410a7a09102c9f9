package dev.botwatch.responder.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@link Prometheus} over its HTTP API: a form POST per query (no URL length limit), one attempt, a
 * timeout per request, the answer read up to {@value #MAX_BODY_BYTES} bytes. Blocking: call it from
 * a worker thread.
 */
public final class HttpPrometheus implements Prometheus {
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  private final Duration timeout;

  /** {@code baseUrl}: {@code http(s)://host:port[/prefix]}, as config validation checked it. */
  public HttpPrometheus(HttpClient http, String baseUrl, Duration timeout) {
    this.http = http;
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
  }

  @Override
  public String describe() {
    return base;
  }

  @Override
  public List<Sample> instant(String query, Instant at) throws PrometheusException {
    JsonNode data = ask("/api/v1/query", Map.of("query", query, "time", seconds(at)));
    expect(data, "vector", query);
    List<Sample> out = new ArrayList<>();
    for (JsonNode r : data.path("result")) {
      out.add(new Sample(labels(r.path("metric")), number(r.path("value").path(1))));
    }
    return out;
  }

  @Override
  public List<Series> range(String query, Instant start, Instant end, Duration step)
      throws PrometheusException {
    JsonNode data =
        ask(
            "/api/v1/query_range",
            Map.of(
                "query",
                query,
                "start",
                seconds(start),
                "end",
                seconds(end),
                "step",
                Long.toString(Math.max(1, step.toSeconds()))));
    expect(data, "matrix", query);
    List<Series> out = new ArrayList<>();
    for (JsonNode r : data.path("result")) {
      List<Double> times = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (JsonNode v : r.path("values")) {
        times.add(v.path(0).asDouble());
        values.add(number(v.path(1)));
      }
      out.add(new Series(labels(r.path("metric")), times, values));
    }
    return out;
  }

  private JsonNode ask(String path, Map<String, String> form) throws PrometheusException {
    StringJoiner body = new StringJoiner("&");
    form.forEach((k, v) -> body.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<InputStream> resp;
    JsonNode doc;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = resp.body()) {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
          throw new PrometheusException("answer larger than " + MAX_BODY_BYTES + " bytes");
        }
        doc = JSON.readTree(bytes);
      }
    } catch (HttpTimeoutException e) {
      throw new PrometheusException("no answer from " + base + " within " + timeout);
    } catch (IOException e) {
      throw new PrometheusException(
          "unreachable at " + base + ": " + e.getClass().getSimpleName() + message(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusException("interrupted");
    }
    if (doc == null || !"success".equals(doc.path("status").asText())) {
      String err = doc == null ? "" : doc.path("error").asText("");
      throw new PrometheusException(
          "HTTP " + resp.statusCode() + (err.isEmpty() ? "" : ": " + bounded(err)));
    }
    return doc.path("data");
  }

  private static void expect(JsonNode data, String type, String query) throws PrometheusException {
    if (!type.equals(data.path("resultType").asText())) {
      throw new PrometheusException(
          "expected a " + type + " for " + query + ", got " + data.path("resultType").asText());
    }
  }

  private static Map<String, String> labels(JsonNode metric) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** Prometheus writes sample values as strings, with {@code NaN}, {@code +Inf}, {@code -Inf}. */
  static double number(JsonNode v) {
    String s = v.asText();
    return switch (s) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          yield Double.NaN;
        }
      }
    };
  }

  private static String seconds(Instant t) {
    return t.getEpochSecond() + "." + String.format("%03d", t.getNano() / 1_000_000);
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? "" : ": " + bounded(e.getMessage());
  }

  private static String bounded(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
