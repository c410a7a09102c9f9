package dev.botwatch.responder.http;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.botwatch.responder.Harness;
import dev.botwatch.responder.Payloads;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the webhook: the critical repaired the fault and resolved; its warning twin,
 * delivered afterwards as Alertmanager does once the inhibition lifts, repairs nothing again.
 */
class SeverityTwinsWebhookTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path dir;
  Harness h;

  @AfterEach
  void stop() {
    h.close();
  }

  static JsonObject alert(String status, String severity, Instant startsAt) {
    return Payloads.alert(
        status,
        "critical".equals(severity) ? "00000000000000c7" : "00000000000000a7",
        startsAt.toString(),
        Map.of(
            "alertname", "BotApiErrorRateHigh",
            "bot", "paper",
            "severity", severity,
            "recovery", "soft"));
  }

  @Test
  void theWarningTwinOfARepairedCriticalRunsNothing() throws Exception {
    bot.stubFor(post(urlPathMatching("/control/.*")).willReturn(ok()));
    h = new Harness(dir, "bots:\n" + Harness.bot("paper", bot.baseUrl(), false));
    Instant started = Instant.now().minusSeconds(120);
    var first = h.alerts(Payloads.notification("firing", alert("firing", "critical", started)));
    assertThat(first.body()).contains("\"planned\":1");
    Harness.await(
        "the repair",
        10,
        () -> bot.findAll(postRequestedFor(urlEqualTo("/control/reset-connections"))).size() == 1);
    h.alerts(Payloads.notification("resolved", alert("resolved", "critical", started)));
    var twin =
        h.alerts(
            Payloads.notification("firing", alert("firing", "warning", started.minusSeconds(30))));
    assertThat(twin.statusCode()).isEqualTo(200);
    // Written after the transaction: nothing was planned, so nothing can run.
    assertThat(twin.body()).contains("\"planned\":0");
    h.alerts(
        Payloads.notification("resolved", alert("resolved", "warning", started.minusSeconds(30))));
    assertThat(h.store().openIncidents()).isEmpty();
    bot.verify(1, postRequestedFor(urlPathMatching("/control/.*")));
    assertThat(h.store().actions("paper", 50, 0))
        .filteredOn(a -> a.step().equals("recovered"))
        .hasSize(1);
  }
}
