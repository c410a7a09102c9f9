package dev.botwatch.responder.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' HTTP query API, as much as the health report needs: instant vectors and range
 * matrices. Label values in the results are untrusted (anyone who shapes a target's labels or an
 * alert's labels chooses them).
 */
public interface Prometheus {
  /** {@code GET /api/v1/query}: an instant vector at {@code at}. */
  List<Sample> instant(String query, Instant at) throws PrometheusException;

  /** {@code GET /api/v1/query_range}: a matrix from {@code start} to {@code end} every step. */
  List<Series> range(String query, Instant start, Instant end, Duration step)
      throws PrometheusException;

  /** Where it is, for the report; no credentials. */
  String describe();

  record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }
  }

  /** One series of a matrix: {@code times} (epoch seconds) and {@code values} in step. */
  record Series(Map<String, String> labels, List<Double> times, List<Double> values) {
    public Series {
      labels = Map.copyOf(labels);
      times = List.copyOf(times);
      values = List.copyOf(values);
    }
  }

  /** Prometheus could not be asked, or refused the query; the message says which. */
  final class PrometheusException extends Exception {
    public PrometheusException(String message) {
      super(message);
    }
  }
}
