package dev.botwatch.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.botwatch.e2e.stack.Dashboards.Dashboard;
import dev.botwatch.e2e.stack.Dashboards.Kind;
import dev.botwatch.e2e.stack.Dashboards.Query;
import dev.botwatch.e2e.support.AlertmanagerServer;
import dev.botwatch.e2e.support.Await;
import dev.botwatch.e2e.support.Binaries;
import dev.botwatch.e2e.support.Http;
import dev.botwatch.e2e.support.JavaProgram;
import dev.botwatch.e2e.support.Ports;
import dev.botwatch.e2e.support.PrometheusServer;
import dev.botwatch.e2e.support.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of every dashboard, run by a real Prometheus that scraped the real exporter, fed by
 * the real demo bot, and the real responder that Alertmanager called: a panel that would show "No
 * data" or an error in Grafana fails here, named by dashboard, panel and target.
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
  private static final String BOT = "paper";
  private static final String WEBHOOK_TOKEN = "dashboard-test-webhook-token";
  private static final String CONTROL_TOKEN = "dashboard-test-control-token";

  /**
   * Grafana's $__rate_interval is at least 4 scrape intervals; Prometheus scrapes every 1 s here.
   */
  private static final String RATE_INTERVAL = "10s";

  private Path work;
  private final List<AutoCloseable> running = new ArrayList<>();
  private PrometheusServer prometheus;
  private JavaProgram demoBot;

  @BeforeAll
  void startTheStack(@TempDir Path dir) throws IOException {
    work = dir;
    Path demo = work.resolve("demo-bot");
    Files.createDirectories(demo);
    Path secrets = work.resolve("secrets");
    Files.createDirectories(secrets);
    Files.writeString(secrets.resolve("webhook_token"), WEBHOOK_TOKEN);
    Files.writeString(secrets.resolve("control_token"), CONTROL_TOKEN);
    int demoPort = Ports.free();
    // Both Alertmanager and the responder send email; a real SMTP server takes it.
    GreenMail smtp = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", "smtp"));
    smtp.start();
    running.add(smtp::stop);
    int smtpPort = smtp.getSmtp().getPort();

    JavaProgram exporter =
        start(
            "botwatch-exporter",
            """
            server: {host: 127.0.0.1, port: 0}
            collectors:
              host: {interval: 2s, timeout: 2s}
              process: {interval: 1s, timeout: 1s}
              logfile: {interval: 1s, timeout: 1s}
              files: {interval: 1s, timeout: 1s}
              probe: {interval: 1s, timeout: 1s}
            bots:
              %1$s:
                sources:
                  process: {pid_file: %2$s/bot.pid}
                  logs: [{path: %2$s/bot.log, name: bot.log}]
                  files:
                    config: [{path: %2$s/strategy.json}]
                    writable: [%2$s]
                    data: [{source: prices, path: %2$s/prices.json}]
                  probes: [{name: demo-bot, kind: http, url: 'http://127.0.0.1:%3$d/-/healthy'}]
            """
                .formatted(BOT, demo, demoPort));

    demoBot =
        start(
            "botwatch-demo-bot",
            """
server: {host: 127.0.0.1, port: %1$d}
bot: %2$s
exporter: {url: '%3$s'}
control_token: {file: %4$s/control_token}
tick: 100ms
files: {log: %5$s/bot.log, config: %5$s/strategy.json, data: %5$s/prices.json, pid: %5$s/bot.pid}
trading: {api_calls_per_tick: 10}
"""
                .formatted(demoPort, BOT, exporter.url(), secrets, demo));

    JavaProgram responder =
        start(
            "botwatch-responder",
            """
server: {host: 127.0.0.1, port: 0}
webhook: {token: {file: %1$s/webhook_token}}
control: {token: {file: %1$s/control_token}}
store: {path: %2$s/responder.db}
bots:
  %3$s:
    control: {base_url: '%4$s', token: {file: %1$s/control_token}, timeout: 5s}
# The test breaks the bot again soon after each repair: let the responder act again.
limits: {cooldown: 1s, verify_window: 5s}
notify:
  email: {host: 127.0.0.1, port: %5$d, security: none, from: botwatch@example.invalid, to: [ops@example.invalid]}
"""
                .formatted(secrets, work, BOT, demoBot.url(), smtpPort));

    // The shipped Alertmanager routing, pointed at this responder and this SMTP server.
    String am =
        Files.readString(Binaries.root().resolve("prometheus/alertmanager.yml"))
            .replace("127.0.0.1:9320", "127.0.0.1:" + responder.port())
            .replace("127.0.0.1:9325", "127.0.0.1:" + smtpPort)
            .replaceAll(
                "credentials_file: .*", "credentials_file: " + secrets.resolve("webhook_token"));
    AlertmanagerServer alertmanager = AlertmanagerServer.start(work.resolve("alertmanager"), am);
    running.add(alertmanager);

    Map<String, String> jobs = new LinkedHashMap<>();
    jobs.put("botwatch-exporter", "127.0.0.1:" + exporter.port());
    jobs.put("botwatch-responder", "127.0.0.1:" + responder.port());
    prometheus =
        PrometheusServer.start(
            work.resolve("prometheus"),
            Duration.ofSeconds(1),
            jobs,
            RuleSet.compressed("production", 60, null, work.resolve("rules")),
            alertmanager.hostPort());
    running.add(prometheus);
  }

  @AfterAll
  void stop() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        // Closing the rest matters more than this one's error.
      }
    }
  }

  @Test
  void everyDashboardQueryReturnsData() {
    List<Query> queries = new ArrayList<>();
    Dashboards.all().stream().map(Dashboard::queries).forEach(queries::addAll);
    assertThat(queries).hasSizeGreaterThan(50);

    Await.until(
        Duration.ofSeconds(30),
        "the demo bot's first samples in Prometheus",
        () -> !prometheus.query("bot_info{bot=\"" + BOT + "\"}").isEmpty());
    // Faults a user would provoke to see the rest of the panels light up (docs/demo-bot.md).
    for (String fault : List.of("api_errors", "websocket_flap", "nonce_failures")) {
      Http.Response r = Http.post(demoBot.url() + "/faults/" + fault, "{}", CONTROL_TOKEN);
      assertThat(r.status()).as("POST /faults/" + fault + ": " + r.body()).isBetween(200, 299);
    }

    // Each query must return a number at least once while the faults play out and heal.
    Map<String, String> pending = new LinkedHashMap<>();
    queries.forEach(q -> pending.put(q.where(), "never ran"));
    Set<String> passed = new LinkedHashSet<>();
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(180).toNanos();
    long nextBreak = start + Duration.ofSeconds(30).toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      if (System.nanoTime() > nextBreak) {
        // Break it again after the responder's repair: series that are born with the first
        // action (counters, the duration histogram) only move from the second one on.
        Http.post(demoBot.url() + "/faults/api_errors", "{}", CONTROL_TOKEN);
        nextBreak = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      }
      for (Query q : queries) {
        if (passed.contains(q.where())) {
          continue;
        }
        String outcome = run(q);
        if (outcome == null) {
          passed.add(q.where());
          pending.remove(q.where());
        } else {
          pending.put(q.where(), outcome);
        }
      }
      if (!pending.isEmpty()) {
        Await.sleep(Duration.ofSeconds(2));
      }
    }
    StringBuilder report = new StringBuilder();
    pending.forEach((where, why) -> report.append("\n  ").append(where).append(": ").append(why));
    assertThat(pending)
        .as(
            "%d of %d dashboard queries never returned data:%s",
            pending.size(), queries.size(), report)
        .isEmpty();
  }

  /** Null when the query returned at least one number; otherwise what it returned. */
  private String run(Query q) {
    String expr =
        Dashboards.substitute(
            q.expr(), RATE_INTERVAL, Map.of("bot", BOT, "instance", ".*", "datasource", ""));
    JsonNode result;
    try {
      result = prometheus.query(expr);
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

  private JavaProgram start(String artifact, String config) {
    JavaProgram p = JavaProgram.start(artifact, config, work.resolve(artifact));
    running.add(p);
    return p;
  }
}
