package dev.botwatch.e2e.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.botwatch.e2e.support.Binaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * grafana/dashboards/*.json as the tests see them: every PromQL query a dashboard runs (panel
 * targets, annotations, template variables), each named by where it lives, and a way to turn
 * Grafana's variables into what Prometheus accepts.
 */
final class Dashboards {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DATASOURCE_UID = "botwatch-prometheus";

  /** One query and where it lives, e.g. {@code bot-overview.json panel 7 "Trades" target A}. */
  record Query(String where, String expr, Kind kind) {}

  enum Kind {
    PANEL,
    ANNOTATION,
    /** {@code label_values(metric, label)}: {@link #expr} is the metric selector, run as is. */
    VARIABLE
  }

  record Dashboard(Path file, JsonNode json) {
    String name() {
      return file.getFileName().toString();
    }

    /** Every panel, rows' nested panels included. */
    List<JsonNode> panels() {
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode p : json.path("panels")) {
        out.add(p);
        p.path("panels").forEach(out::add);
      }
      return out;
    }

    List<Query> queries() {
      List<Query> out = new ArrayList<>();
      for (JsonNode p : panels()) {
        for (JsonNode t : p.path("targets")) {
          if (t.hasNonNull("expr")) {
            out.add(
                new Query(
                    name()
                        + " panel "
                        + p.path("id").asInt()
                        + " \""
                        + p.path("title").asText()
                        + "\" target "
                        + t.path("refId").asText(),
                    t.path("expr").asText(),
                    Kind.PANEL));
          }
        }
      }
      for (JsonNode a : json.at("/annotations/list")) {
        if (a.hasNonNull("expr")) {
          out.add(
              new Query(
                  name() + " annotation \"" + a.path("name").asText() + "\"",
                  a.path("expr").asText(),
                  Kind.ANNOTATION));
        }
      }
      for (JsonNode v : json.at("/templating/list")) {
        if ("query".equals(v.path("type").asText())) {
          String q =
              v.path("query").isObject()
                  ? v.path("query").path("query").asText()
                  : v.path("query").asText();
          var m =
              java.util.regex.Pattern.compile(
                      "^label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)$")
                  .matcher(q.strip());
          if (!m.matches()) {
            throw new AssertionError(
                name()
                    + " variable "
                    + v.path("name").asText()
                    + ": only label_values(metric, label) is supported here, got "
                    + q);
          }
          out.add(
              new Query(
                  name() + " variable $" + v.path("name").asText() + " (label " + m.group(2) + ")",
                  m.group(1),
                  Kind.VARIABLE));
        }
      }
      return out;
    }
  }

  private Dashboards() {}

  static Path dir() {
    return Binaries.root().resolve("grafana/dashboards");
  }

  static List<Dashboard> all() {
    try (Stream<Path> s = Files.list(dir())) {
      List<Dashboard> out = new ArrayList<>();
      for (Path f : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        try {
          out.add(new Dashboard(f, JSON.readTree(f.toFile())));
        } catch (IOException e) {
          throw new AssertionError(f + " is not valid JSON: " + e.getMessage(), e);
        }
      }
      if (out.isEmpty()) {
        throw new AssertionError("no dashboards in " + dir());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces Grafana's variables: {@code $__rate_interval} by {@code rateInterval}, {@code $var}
   * and {@code ${var}} by {@code values.get(var)}. An unknown variable fails.
   */
  static String substitute(String expr, String rateInterval, Map<String, String> values) {
    String out =
        expr.replace("$__rate_interval", rateInterval).replace("${__rate_interval}", rateInterval);
    var m = java.util.regex.Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?").matcher(out);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new AssertionError("unknown variable $" + m.group(1) + " in " + expr);
      }
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
