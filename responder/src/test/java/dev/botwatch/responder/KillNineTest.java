package dev.botwatch.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.lessThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.store.SqlStore;
import dev.botwatch.responder.store.Store;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 the responder during an emergency step and start it again on the same store. The latch
 * holds, the interrupted step is recorded; an idempotent one (stop entries) runs again, a
 * liquidation never does; everything after it runs once.
 */
class KillNineTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  /** Starts a responder, posts the emergency alert, kills it -9 while {@code step} runs. */
  private List<String> killDuring(String step, Path config, String alert) throws Exception {
    List<String> logs = new ArrayList<>();
    try (ChildProcess first = new ChildProcess(config)) {
      int port = first.awaitPort();
      assertThat(postAlert(port, alert).statusCode()).isEqualTo(200);
      try (Store s = SqlStore.sqlite(dir.resolve("responder.db").toString())) {
        Harness.await(
            step + " to be running",
            20,
            () ->
                s.actions("paper", 10, 0).stream()
                    .anyMatch(a -> a.step().equals(step) && a.status() == ActionStatus.RUNNING));
      }
      first.kill9();
      logs.addAll(first.output);
    }
    return logs;
  }

  private Path config(String slowStep) throws Exception {
    bot.stubFor(post(urlPathMatching("/control/.*")).willReturn(ok()));
    // The control call the responder is in the middle of when it dies.
    bot.stubFor(post(urlEqualTo("/control/" + slowStep)).willReturn(ok().withFixedDelay(3_000)));
    Path config = dir.resolve("responder.yml");
    Harness.config(dir, ""); // writes the token files
    Files.writeString(
        config,
        Harness.yaml(
            dir,
            """
            limits:
              retry: {initial_backoff: 50ms, max_attempts: 3, deadline: 20s}
            bots:
            """
                + Harness.bot("paper", bot.baseUrl(), true)
                    .replace("timeout: 1s", "timeout: 10s")));
    return config;
  }

  private List<ActionRecord> awaitEmergencyDone(Store s) throws InterruptedException {
    Harness.await(
        "the emergency run to finish",
        30,
        () ->
            s.actions("paper", 100, 0).stream()
                .filter(a -> a.playbook().equals("emergency_stop"))
                .allMatch(ActionRecord::finished));
    List<ActionRecord> rows = new ArrayList<>(s.actions("paper", 100, 0));
    rows.sort((a, b) -> Long.compare(a.id(), b.id()));
    return rows.stream().filter(a -> a.playbook().equals("emergency_stop")).toList();
  }

  @Test
  void killedDuringStopTradingRunsItAgainAndTheRestOnceWithTheLatchOn() throws Exception {
    Path config = config("stop-trading");
    String alert = Payloads.firing("paper", "emergency_stop", "00000000000e0001");
    List<String> logs = killDuring("stop-trading", config, alert);
    // The restarted responder answers at once again: the re-run is not slow.
    bot.stubFor(post(urlEqualTo("/control/stop-trading")).willReturn(ok()));

    try (ChildProcess second = new ChildProcess(config)) {
      int port = second.awaitPort();
      // The same notification again, as Alertmanager would resend it: nothing new.
      assertThat(postAlert(port, alert).statusCode()).isEqualTo(200);
      try (Store s = SqlStore.sqlite(dir.resolve("responder.db").toString())) {
        List<ActionRecord> rows = awaitEmergencyDone(s);
        // Stopping entries is safe to repeat, so a crash in the middle of it never leaves the
        // bot half-stopped: it runs again, then everything after it, each once.
        assertThat(rows)
            .extracting(ActionRecord::step, ActionRecord::status)
            .containsExactly(
                tuple("stop-trading", ActionStatus.INTERRUPTED),
                tuple("cancel-orders", ActionStatus.SUCCESS),
                tuple("liquidate", ActionStatus.SUCCESS),
                tuple("emergency-mode", ActionStatus.SUCCESS),
                tuple("stop-trading", ActionStatus.SUCCESS));
        assertThat(rows.get(0).detail()).contains("it runs again");
        assertThat(rows.get(4).detail()).contains("after a restart");
      }
      JsonObject status = new JsonObject(get(port, "/api/v1/status").body());
      assertThat(
              status
                  .getJsonObject("bots")
                  .getJsonObject("paper")
                  .getJsonObject("emergency")
                  .getBoolean("active"))
          .isTrue();
      assertThat(get(port, "/metrics").body())
          .contains("responder_emergency_active{bot=\"paper\"} 1.0")
          .contains(
              "responder_actions_total{action=\"stop-trading\",bot=\"paper\","
                  + "outcome=\"interrupted\",playbook=\"emergency_stop\"} 1.0");
      // WireMock journals the killed call only if it could answer it, which depends on when the
      // kill closed the socket: once or twice, the second time after the restart.
      bot.verify(lessThanOrExactly(2), postRequestedFor(urlEqualTo("/control/stop-trading")));
      bot.verify(1, postRequestedFor(urlEqualTo("/control/cancel-orders")));
      bot.verify(1, postRequestedFor(urlEqualTo("/control/liquidate")));
      bot.verify(1, postRequestedFor(urlEqualTo("/control/emergency-mode")));
      second.close();
      logs.addAll(second.output);
    }
    assertThat(String.join("\n", logs))
        .contains("responder listening on")
        .contains("runs again (an idempotent emergency step)")
        .doesNotContain(Harness.WEBHOOK_TOKEN)
        .doesNotContain(Harness.CONTROL_TOKEN)
        .doesNotContain(Harness.BOT_TOKEN);
  }

  @Test
  void killedDuringLiquidationNeverLiquidatesAgainButStillStopsTheBot() throws Exception {
    Path config = config("liquidate");
    String alert = Payloads.firing("paper", "emergency_stop", "00000000000e0002");
    killDuring("liquidate", config, alert);
    try (ChildProcess second = new ChildProcess(config)) {
      second.awaitPort();
      try (Store s = SqlStore.sqlite(dir.resolve("responder.db").toString())) {
        List<ActionRecord> rows = awaitEmergencyDone(s);
        assertThat(rows)
            .extracting(ActionRecord::step, ActionRecord::status)
            .containsExactly(
                tuple("stop-trading", ActionStatus.SUCCESS),
                tuple("cancel-orders", ActionStatus.SUCCESS),
                tuple("liquidate", ActionStatus.INTERRUPTED),
                tuple("emergency-mode", ActionStatus.SUCCESS));
        assertThat(rows.get(2).detail()).contains("not repeated");
        assertThat(s.latches().get("paper").liquidated()).isFalse();
      }
      // The first process may or may not have got its call journaled; the second never sends one
      // (its store rows above show the one interrupted liquidation and no other).
      bot.verify(lessThanOrExactly(1), postRequestedFor(urlEqualTo("/control/liquidate")));
      bot.verify(1, postRequestedFor(urlEqualTo("/control/emergency-mode")));
    }
  }

  private HttpResponse<String> postAlert(int port, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alerts"))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + Harness.WEBHOOK_TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
