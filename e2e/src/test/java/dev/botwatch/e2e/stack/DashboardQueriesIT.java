package dev.botwatch.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.botwatch.e2e.stack.Dashboards.Dashboard;
import dev.botwatch.e2e.stack.Dashboards.Kind;
import dev.botwatch.e2e.stack.Dashboards.Query;
import dev.botwatch.e2e.support.Http;
import dev.botwatch.e2e.support.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of every dashboard, run on the native stack (bin/stack with the shipped configs): a
 * real Prometheus that scraped the real exporter, fed by the real demo bot, and the real responder
 * that Alertmanager called: a panel that would show "No data" or an error in Grafana fails here,
 * named by dashboard, panel and target.
 *
 * <p>The production rules run compressed (windows and {@code for:} divided by 60) so recording
 * rules have data within seconds. Some series only exist after something went wrong, so the test
 * makes it go wrong the way a user would: the demo bot's {@code api_errors} fault fires
 * BotApiErrorRateHigh, Alertmanager calls the responder, whose soft playbook resets the bot's
 * connections (responder_actions_total, the annotations); {@code websocket_flap} and {@code
 * nonce_failures} feed the reconnect and nonce panels. A query passes once it has returned at least
 * one number (not NaN) at any point of the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIT {
  private static final String BOT = Stack.BOT;

  /**
   * Grafana's $__rate_interval is at least 4 scrape intervals; Prometheus scrapes every 1 s here.
   */
  private static final String RATE_INTERVAL = "10s";

  private Stack stack;

  @BeforeAll
  void startTheStack(@TempDir Path dir) {
    Stack.Options o = new Stack.Options();
    o.compression = 60;
    // The test breaks the bot again soon after each repair: let the responder act again.
    o.env.put("BOTWATCH_COOLDOWN", "1s");
    o.env.put("BOTWATCH_VERIFY_WINDOW", "5s");
    o.env.put("BOTWATCH_MAX_ACTIONS_PER_HOUR", "100");
    stack = Stack.start(dir, o);
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyDashboardQueryReturnsData() {
    List<Query> queries = new ArrayList<>();
    Dashboards.all().stream().map(Dashboard::queries).forEach(queries::addAll);
    assertThat(queries).hasSizeGreaterThan(50);

    await("the demo bot's first samples in Prometheus")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> !stack.prometheus.query("bot_info{bot=\"" + BOT + "\"}").isEmpty());
    // Faults a user would provoke to see the rest of the panels light up (docs/demo-bot.md).
    for (String fault : List.of("api_errors", "websocket_flap", "nonce_failures")) {
      stack.fault(fault);
    }

    // Each query must return a number at least once while the faults play out and heal.
    Map<String, String> pending = new LinkedHashMap<>();
    queries.forEach(q -> pending.put(q.where(), "never ran"));
    long[] nextBreak = {System.nanoTime() + Duration.ofSeconds(30).toNanos()};
    try {
      await("every dashboard query to return data")
          .atMost(Duration.ofSeconds(180))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                if (System.nanoTime() > nextBreak[0]) {
                  // Break it again after the responder's repair: series that are born with the
                  // first action (counters, the duration histogram) only move from the second on.
                  Http.post(stack.demoBotUrl() + "/faults/api_errors", "{}", stack.controlToken());
                  nextBreak[0] = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                }
                for (Query q : queries) {
                  if (pending.containsKey(q.where())) {
                    String outcome = run(q);
                    if (outcome == null) {
                      pending.remove(q.where());
                    } else {
                      pending.put(q.where(), outcome);
                    }
                  }
                }
                return pending.isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      // reported below, query by query
    }
    StringBuilder report = new StringBuilder();
    pending.forEach((where, why) -> report.append("\n  ").append(where).append(": ").append(why));
    assertThat(pending)
        .as(
            "%d of %d dashboard queries never returned data:%s%s",
            pending.size(), queries.size(), report, pending.isEmpty() ? "" : stack.logs())
        .isEmpty();
  }

  /** Null when the query returned at least one number; otherwise what it returned. */
  private String run(Query q) {
    String expr =
        Dashboards.substitute(
            q.expr(), RATE_INTERVAL, Map.of("bot", BOT, "host", ".*", "datasource", ""));
    JsonNode result;
    try {
      result = stack.prometheus.query(expr);
    } catch (AssertionError | RuntimeException e) {
      return "ERROR " + e.getMessage();
    }
    if (result.isEmpty()) {
      return "empty result for " + expr;
    }
    if (q.kind() == Kind.VARIABLE) {
      String label = q.where().replaceAll(".*\\(label (\\w+)\\)$", "$1");
      for (JsonNode s : result) {
        if (BOT.equals(s.at("/metric/" + label).asText())
            || (!label.equals("bot") && s.at("/metric").has(label))) {
          return null;
        }
      }
      return "no series with label " + label + " in " + expr;
    }
    for (JsonNode s : result) {
      String v = s.at("/value/1").asText();
      if (!v.equals("NaN")) {
        return null;
      }
    }
    return "only NaN for " + expr;
  }
}
