package dev.botwatch.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile labels through {@code POST /alerts}, the store, the queue and the executor, and host
 * alerts without a {@code bot} label: what a label can and cannot make the responder do.
 */
class LabelSafetyScenarioTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension foreign =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path dir;
  Harness h;

  @BeforeEach
  void stubs() {
    bot.stubFor(any(anyUrl()).willReturn(ok()));
    foreign.stubFor(any(anyUrl()).willReturn(ok()));
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    assertThat(foreign.getAllServeEvents()).isEmpty();
  }

  void start(String extra) throws Exception {
    h =
        new Harness(
            dir,
            """
            limits:
              cooldown: 0s
              verify_window: 150ms
              retry: {initial_backoff: 10ms, max_attempts: 2, deadline: 3s}
            bots:
              paper:
                control:
                  base_url: %s
                  token: {file: DIR/bot.token}
                  timeout: 1s
                  endpoints:
                    restart-component: {path: "/control/components/{{component}}/restart"}
                    reset-connections: {path: "/control/reset?stream={{stream}}"}
                restart: {argv: [/bin/true]}
            """
                    .formatted(bot.baseUrl())
                + extra);
  }

  void drain() throws InterruptedException {
    Harness.await(
        "the queues to drain",
        20,
        () -> h.store().actions(null, 10_000, 0).stream().allMatch(ActionRecord::finished));
  }

  static String alert(String fp, Map<String, String> labels) {
    return Payloads.notification(
        "firing", Payloads.alert("firing", fp, "2026-11-22T08:00:00.123456789Z", labels));
  }

  @Test
  void aHostileLabelIsRefusedRecordedCountedAndTheLadderCarriesOn() throws Exception {
    start("");
    String foreignUrl = "http://127.0.0.1:" + foreign.getPort() + "/steal";
    String medium =
        alert(
            "00000000000000a1",
            Map.of(
                "alertname",
                "BotComponentDown",
                "bot",
                "paper",
                "recovery",
                "medium",
                "component",
                ".."));
    String soft =
        alert(
            "00000000000000a2",
            Map.of(
                "alertname",
                "BotWebsocketDisconnected",
                "bot",
                "paper",
                "recovery",
                "soft",
                "stream",
                foreignUrl + "?token=x#y\r\nHost: evil"));

    assertThat(h.alerts(medium).statusCode()).isEqualTo(200);
    assertThat(h.alerts(soft).statusCode()).isEqualTo(200);
    drain();

    List<ActionRecord> rows = h.store().actions("paper", 20, 0);
    assertThat(rows)
        .filteredOn(r -> r.step().equals("restart-component"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(ActionStatus.REFUSED);
              assertThat(r.detail())
                  .startsWith("refused: label component=\"..\" cannot be used in a URL path")
                  .contains("restart-component was not sent to localhost:" + bot.getPort());
            });
    // The control chars in the stream label refuse the soft step too; nothing reached anyone.
    assertThat(rows)
        .filteredOn(r -> r.step().equals("reset-connections"))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(ActionStatus.REFUSED));
    assertThat(bot.getAllServeEvents()).isEmpty();
    String metrics = h.metrics();
    assertThat(metrics)
        .contains(
            "responder_actions_total{action=\"restart-component\",bot=\"paper\","
                + "outcome=\"refused\",playbook=\"medium\"} 1.0")
        .contains(
            "responder_actions_total{action=\"refresh-data\",bot=\"paper\","
                + "outcome=\"refused\",playbook=\"refresh_data\"} 0.0");
    assertThat(metrics).doesNotContain("responder_circuit_open{target=\"localhost");
    JsonArray audit =
        new JsonObject(h.get("/api/v1/actions?bot=paper").body()).getJsonArray("actions");
    assertThat(audit.stream().map(a -> ((JsonObject) a).getString("status"))).contains("refused");

    // Still firing after the verify window: the ladder climbs past the refused rung (repeats
    // until the window has passed, as Alertmanager would send them, instead of a sleep).
    Harness.await(
        "a repeat after the verify window to climb",
        10,
        () -> {
          try {
            return h.alerts(medium).body().contains("\"planned\":1");
          } catch (Exception e) {
            return false;
          }
        });
    drain();
    assertThat(h.store().actions("paper", 20, 0))
        .filteredOn(r -> r.step().equals("restart"))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).as(r.detail()).isEqualTo(ActionStatus.SUCCESS));
  }

  @Test
  void aLabelNamingAnotherHostIsEncodedIntoOneSegmentOfTheBotsOwnUrl() throws Exception {
    start("");
    String evil = "//127.0.0.1:" + foreign.getPort() + "/x?y=1#z";
    assertThat(
            h.alerts(
                    alert(
                        "00000000000000b1",
                        Map.of(
                            "alertname",
                            "BotComponentDown",
                            "bot",
                            "paper",
                            "recovery",
                            "medium",
                            "component",
                            evil)))
                .statusCode())
        .isEqualTo(200);
    drain();

    List<ServeEvent> calls = bot.getAllServeEvents();
    assertThat(calls).singleElement();
    assertThat(calls.get(0).getRequest().getUrl())
        .isEqualTo(
            "/control/components/%2F%2F127.0.0.1%3A"
                + foreign.getPort()
                + "%2Fx%3Fy%3D1%23z/restart");
    assertThat(new JsonObject(calls.get(0).getRequest().getBodyAsString()).getMap())
        .isEqualTo(Map.of("component", evil));
    assertThat(h.store().actions("paper", 5, 0).get(0).detail())
        .startsWith("POST /control/components/%2F%2F127.0.0.1")
        .endsWith("-> 200 (localhost:" + bot.getPort() + ")");
  }

  @Test
  void aBotlessHostAlertActsOnTheBotItsOverrideNames() throws Exception {
    start(
        """
        overrides:
          - match: {alertname: HostCpuHigh}
            playbook: soft
            bot: paper
        """);
    h.alerts(
        alert(
            "00000000000000c1",
            Map.of(
                "alertname",
                "HostCpuHigh",
                "severity",
                "warning",
                "recovery",
                "none",
                "stream",
                "ticker")));
    // No override for this one: without a bot it stays recorded only.
    h.alerts(
        alert(
            "00000000000000c2",
            Map.of("alertname", "HostMemoryHigh", "severity", "warning", "recovery", "hard")));
    drain();

    assertThat(bot.getAllServeEvents())
        .singleElement()
        .satisfies(
            e -> assertThat(e.getRequest().getUrl()).isEqualTo("/control/reset?stream=ticker"));
    assertThat(h.store().actions(null, 20, 0))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.bot()).isEqualTo("paper");
              assertThat(r.playbook()).isEqualTo("soft");
              assertThat(r.status()).isEqualTo(ActionStatus.SUCCESS);
            });
    assertThat(h.store().countNotifications()).isEqualTo(2);
  }
}
