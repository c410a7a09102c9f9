package dev.botwatch.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Prometheus' HTTP API, as the tests use it. */
public record Prom(String url) {
  /** An instant query's result vector; fails on a query error. */
  public JsonNode query(String promql) {
    Http.Response r = Http.get(url + "/api/v1/query?query=" + Http.enc(promql));
    JsonNode j = r.json();
    if (r.status() != 200 || !"success".equals(j.path("status").asText())) {
      throw new AssertionError("query failed: " + promql + " -> " + r.body());
    }
    return j.path("data").path("result");
  }

  /** Active alerts with the given name and state (firing, pending, or null for both). */
  public List<JsonNode> alerts(String alertname, String state) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode a : Http.get(url + "/api/v1/alerts").json().path("data").path("alerts")) {
      if (alertname.equals(a.path("labels").path("alertname").asText())
          && (state == null || state.equals(a.path("state").asText()))) {
        out.add(a);
      }
    }
    return out;
  }
}
