package dev.botwatch.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.botwatch.e2e.stack.Dashboards.Dashboard;
import dev.botwatch.e2e.stack.Dashboards.Query;
import dev.botwatch.e2e.support.Binaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana files without Grafana (there is no binary here): provisioning YAML, and every
 * dashboard's JSON against what Grafana relies on when it loads a provisioned dashboard and against
 * grafana/dashboard-linter's rules: uids, panel ids and grid, datasource only through the variable,
 * units and descriptions, {@code $__rate_interval} in rates, the bot filter on bot metrics, and
 * PromQL that promtool parses. {@link DashboardQueriesIT} runs the queries for real.
 */
class DashboardFilesIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path ROOT = Binaries.root();
  private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

  @TempDir Path tmp;

  @Test
  void datasourceProvisioningNamesTheUidAndThePrometheusService() throws IOException {
    JsonNode doc =
        YAML.readTree(ROOT.resolve("grafana/provisioning/datasources/prometheus.yaml").toFile());
    assertThat(doc.path("apiVersion").asInt()).isEqualTo(1);
    assertThat(doc.path("datasources")).hasSize(1);
    JsonNode ds = doc.path("datasources").get(0);
    assertThat(ds.path("uid").asText()).isEqualTo(Dashboards.DATASOURCE_UID);
    assertThat(ds.path("type").asText()).isEqualTo("prometheus");
    assertThat(ds.path("access").asText()).isEqualTo("proxy");
    assertThat(ds.path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(ds.path("isDefault").asBoolean()).isTrue();
  }

  @Test
  void dashboardProviderLoadsTheDirectoryComposeMounts() throws IOException {
    JsonNode doc =
        YAML.readTree(ROOT.resolve("grafana/provisioning/dashboards/botwatch.yaml").toFile());
    assertThat(doc.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode p = doc.path("providers").get(0);
    assertThat(p.path("type").asText()).isEqualTo("file");
    assertThat(p.path("name").asText()).isNotBlank();
    String path = p.at("/options/path").asText();

    JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
    List<String> volumes = new ArrayList<>();
    compose.at("/services/grafana/volumes").forEach(v -> volumes.add(v.asText()));
    assertThat(volumes)
        .contains(
            "./grafana/dashboards:" + path + ":ro",
            "./grafana/provisioning:/etc/grafana/provisioning:ro");
    String home =
        compose
            .at("/services/grafana/environment/GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
            .asText();
    assertThat(home).startsWith(path + "/");
    assertThat(Dashboards.dir().resolve(home.substring(path.length() + 1))).isRegularFile();
  }

  @Test
  void dashboardsAreWellFormedForProvisioning() {
    Set<String> uids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (Dashboard d : Dashboards.all()) {
      JsonNode j = d.json();
      String n = d.name();
      assertThat(j.has("id")).as(n + ": no top-level id (Grafana upserts by uid)").isFalse();
      assertThat(j.path("uid").asText()).as(n + " uid").matches(UID);
      assertThat(uids.add(j.path("uid").asText())).as(n + " uid is unique").isTrue();
      assertThat(titles.add(j.path("title").asText())).as(n + " title is unique").isTrue();
      assertThat(j.path("schemaVersion").asInt()).as(n + " schemaVersion").isEqualTo(39);
      assertThat(j.path("description").asText()).as(n + " description").isNotBlank();
      assertThat(j.path("tags").toString()).as(n + " tags").contains("\"botwatch\"");

      Set<Integer> ids = new HashSet<>();
      List<int[]> boxes = new ArrayList<>();
      for (JsonNode p : d.panels()) {
        String at = n + " panel " + p.path("id") + " \"" + p.path("title").asText() + "\"";
        assertThat(p.path("id").isInt()).as(at + " has an id").isTrue();
        assertThat(ids.add(p.path("id").asInt())).as(at + " id is unique").isTrue();
        JsonNode g = p.path("gridPos");
        int x = g.path("x").asInt(-1),
            y = g.path("y").asInt(-1),
            w = g.path("w").asInt(),
            h = g.path("h").asInt();
        assertThat(x).as(at + " x").isBetween(0, 23);
        assertThat(y).as(at + " y").isGreaterThanOrEqualTo(0);
        assertThat(w).as(at + " w").isPositive();
        assertThat(h).as(at + " h").isPositive();
        assertThat(x + w).as(at + " x+w").isLessThanOrEqualTo(24);
        for (int[] b : boxes) {
          boolean overlap = x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h;
          assertThat(overlap).as(at + " overlaps another panel").isFalse();
        }
        boxes.add(new int[] {x, y, w, h});
        if ("row".equals(p.path("type").asText())) {
          continue;
        }
        assertThat(p.path("title").asText()).as(at + " title").isNotBlank();
        assertThat(p.path("description").asText()).as(at + " description").isNotBlank();
        assertThat(p.at("/fieldConfig/defaults/unit").asText()).as(at + " unit").isNotBlank();
        assertThat(p.path("targets")).as(at + " targets").isNotEmpty();
        assertVariableDatasource(at, p.path("datasource"));
        for (JsonNode t : p.path("targets")) {
          assertThat(t.path("refId").asText()).as(at + " refId").isNotBlank();
          assertVariableDatasource(
              at + " target " + t.path("refId").asText(), t.path("datasource"));
        }
      }
      for (JsonNode a : j.at("/annotations/list")) {
        if (a.path("builtIn").asInt() == 1) {
          continue;
        }
        assertVariableDatasource(
            n + " annotation " + a.path("name").asText(), a.path("datasource"));
      }
    }
  }

  @Test
  void everyDashboardHasTheDatasourceHostAndBotVariables() {
    for (Dashboard d : Dashboards.all()) {
      JsonNode ds = variable(d, "datasource");
      assertThat(ds.path("type").asText()).as(d.name() + " $datasource").isEqualTo("datasource");
      assertThat(ds.path("query").asText()).isEqualTo("prometheus");
      // Host first, then the bots on the chosen hosts (fleet: docs/scale.md).
      JsonNode host = variable(d, "host");
      assertThat(host.path("type").asText()).isEqualTo("query");
      assertThat(host.path("query").asText())
          .matches("label_values\\((bot_info|system_uptime_seconds), host\\)");
      assertThat(host.path("multi").asBoolean()).as(d.name() + " $host multi").isTrue();
      assertThat(host.path("includeAll").asBoolean()).as(d.name() + " $host includeAll").isTrue();
      assertThat(host.path("allValue").asText()).isEqualTo(".*");
      JsonNode bot = variable(d, "bot");
      assertThat(bot.path("type").asText()).isEqualTo("query");
      assertThat(bot.path("query").asText())
          .isEqualTo("label_values(bot_info{host=~\"$host\"}, bot)");
      assertThat(bot.path("multi").asBoolean()).as(d.name() + " $bot multi").isTrue();
      assertThat(bot.path("includeAll").asBoolean()).as(d.name() + " $bot includeAll").isTrue();
      for (JsonNode v : d.json().at("/templating/list")) {
        if ("query".equals(v.path("type").asText())) {
          assertVariableDatasource(
              d.name() + " variable " + v.path("name").asText(), v.path("datasource"));
        }
      }
    }
  }

  @Test
  void queriesFollowTheChecklist() {
    Pattern rate = Pattern.compile("\\b(rate|irate)\\(");
    // A selector of a bot metric (bot_*, bot:* recording rules) and its matchers.
    Pattern botSelector = Pattern.compile("\\b(bot[_:][a-z0-9_:]*)(\\{([^}]*)})?");
    List<String> problems = new ArrayList<>();
    for (Dashboard d : Dashboards.all()) {
      for (Query q : d.queries()) {
        if (q.kind() == Dashboards.Kind.VARIABLE) {
          continue;
        }
        Matcher r = rate.matcher(q.expr());
        while (r.find()) {
          int close = q.expr().indexOf(']', r.end());
          int open = q.expr().lastIndexOf('[', close);
          String window = close < 0 || open < 0 ? "" : q.expr().substring(open + 1, close);
          if (!window.equals("$__rate_interval")) {
            problems.add(q.where() + ": rate() over [" + window + "], not [$__rate_interval]");
          }
        }
        Matcher m = botSelector.matcher(q.expr());
        boolean botMetric = false;
        while (m.find()) {
          botMetric = true;
          if (m.group(3) == null
              || !m.group(3).contains("bot=~\"$bot\"")
              || !m.group(3).contains("host=~\"$host\"")) {
            problems.add(
                q.where()
                    + ": "
                    + m.group(1)
                    + " is not filtered by host=~\"$host\", bot=~\"$bot\"");
          }
        }
        // A fleet may run the same kind of bot on several hosts: group by host and bot.
        if (botMetric && q.expr().matches("(?s).*\\bby \\(bot\\b.*")) {
          problems.add(q.where() + ": groups by bot without host");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyQueryParses() throws IOException {
    Tool.require("promtool", "prometheus");
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
    List<String> where = new ArrayList<>();
    for (Dashboard d : Dashboards.all()) {
      for (Query q : d.queries()) {
        String expr =
            Dashboards.substitute(
                q.expr(), "1m", Map.of("bot", ".*", "host", ".*", "datasource", ""));
        where.add(q.where());
        rules.append("      - record: dashboard:query").append(where.size()).append('\n');
        rules
            .append("        expr: ")
            .append(Dashboards.JSON.writeValueAsString(expr))
            .append('\n');
      }
    }
    Path file = tmp.resolve("dashboard-queries.yml");
    Files.writeString(file, rules);
    Tool.Result r = Tool.promtoolCheck(tmp, "rules", file);
    StringBuilder named = new StringBuilder(r.output());
    Matcher m = Pattern.compile("dashboard:query(\\d+)").matcher(r.output());
    while (m.find()) {
      named
          .append("\n  query")
          .append(m.group(1))
          .append(" = ")
          .append(where.get(Integer.parseInt(m.group(1)) - 1));
    }
    assertThat(r.exit()).as(named.toString()).isZero();
    assertThat(where).hasSizeGreaterThan(50);
  }

  private static JsonNode variable(Dashboard d, String name) {
    for (JsonNode v : d.json().at("/templating/list")) {
      if (name.equals(v.path("name").asText())) {
        return v;
      }
    }
    throw new AssertionError(d.name() + " has no $" + name + " variable");
  }

  /** Panels name the datasource through ${datasource}; only the provisioned uid is tolerated. */
  private static void assertVariableDatasource(String at, JsonNode ds) {
    assertThat(ds.isObject()).as(at + " datasource is set").isTrue();
    assertThat(ds.path("type").asText()).as(at + " datasource type").isEqualTo("prometheus");
    assertThat(ds.path("uid").asText())
        .as(at + " datasource uid")
        .isIn("${datasource}", Dashboards.DATASOURCE_UID);
  }
}
