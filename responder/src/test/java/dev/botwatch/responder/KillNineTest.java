package dev.botwatch.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.lessThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.botwatch.responder.store.ActionRecord;
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
 * Issue 5: kill -9 the responder during an action and start it again on the same store. The latch
 * holds, nothing runs twice, the interrupted action is recorded, the rest continues.
 */
class KillNineTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void killedDuringStopTradingRestartsWithTheLatchAndRunsNothingTwice() throws Exception {
    bot.stubFor(post(urlPathMatching("/control/.*")).willReturn(ok()));
    // The control call the responder is in the middle of when it dies.
    bot.stubFor(post(urlEqualTo("/control/stop-trading")).willReturn(ok().withFixedDelay(3_000)));
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
    String alert = Payloads.firing("paper", "emergency_stop", "00000000000e0001");
    List<String> logs = new ArrayList<>();

    try (ChildProcess first = new ChildProcess(config)) {
      int port = first.awaitPort();
      assertThat(postAlert(port, alert).statusCode()).isEqualTo(200);
      try (Store s = Store.open(dir.resolve("responder.db").toString())) {
        Harness.await(
            "stop-trading to be running",
            20,
            () -> s.actions("paper", 10, 0).stream().anyMatch(a -> "running".equals(a.status())));
      }
      first.kill9();
      logs.addAll(first.output);
    }

    try (ChildProcess second = new ChildProcess(config)) {
      int port = second.awaitPort();
      // The same notification again, as Alertmanager would resend it: nothing new.
      assertThat(postAlert(port, alert).statusCode()).isEqualTo(200);
      try (Store s = Store.open(dir.resolve("responder.db").toString())) {
        Harness.await(
            "the emergency run to finish",
            30,
            () ->
                s.actions("paper", 100, 0).stream()
                    .filter(a -> a.playbook().equals("emergency_stop"))
                    .allMatch(ActionRecord::finished));
        List<ActionRecord> rows = s.actions("paper", 100, 0);
        assertThat(rows)
            .filteredOn(a -> a.step().equals("stop-trading"))
            .singleElement()
            .satisfies(
                a -> {
                  assertThat(a.status()).isEqualTo("interrupted");
                  assertThat(a.detail()).contains("not repeated");
                });
        assertThat(rows)
            .filteredOn(a -> a.playbook().equals("emergency_stop"))
            .extracting(ActionRecord::step, ActionRecord::status)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("stop-trading", "interrupted"),
                org.assertj.core.groups.Tuple.tuple("cancel-orders", "success"),
                org.assertj.core.groups.Tuple.tuple("liquidate", "success"),
                org.assertj.core.groups.Tuple.tuple("emergency-mode", "success"));
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
      // WireMock journals the delayed call only if it could answer it, which depends on when the
      // kill closed the socket: at most once, never a second time after the restart.
      Thread.sleep(3_200);
      bot.verify(lessThanOrExactly(1), postRequestedFor(urlEqualTo("/control/stop-trading")));
      bot.verify(1, postRequestedFor(urlEqualTo("/control/cancel-orders")));
      bot.verify(1, postRequestedFor(urlEqualTo("/control/liquidate")));
      bot.verify(1, postRequestedFor(urlEqualTo("/control/emergency-mode")));
      second.close();
      logs.addAll(second.output);
    }
    assertThat(String.join("\n", logs))
        .contains("responder listening on")
        .doesNotContain(Harness.WEBHOOK_TOKEN)
        .doesNotContain(Harness.CONTROL_TOKEN)
        .doesNotContain(Harness.BOT_TOKEN);
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
