package dev.botwatch.responder.http;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The walking skeleton: webhook → http action chosen by {@code recovery} → metrics. */
class WebhookFlowTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path dir;
  Harness h;

  @BeforeEach
  void start() throws Exception {
    bot.stubFor(post(urlPathMatching("/control/.*")).willReturn(ok()));
    h = new Harness(dir, "bots:\n" + Harness.bot("paper", bot.baseUrl(), false));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void firingSoftAlertCallsResetConnectionsOnceWithTheBotToken() throws Exception {
    var r = h.alerts(Payloads.firing("paper", "soft", "a1b2c3d4e5f60718"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"planned\":1");
    Harness.await(
        "the control call",
        10,
        () -> bot.findAll(postRequestedFor(urlEqualTo("/control/reset-connections"))).size() == 1);
    bot.verify(
        1,
        postRequestedFor(urlEqualTo("/control/reset-connections"))
            .withHeader("Authorization", equalTo("Bearer " + Harness.BOT_TOKEN)));
    Harness.await(
        "the metric",
        5,
        () -> {
          try {
            return h.metrics()
                .contains(
                    "responder_actions_total{action=\"reset-connections\",bot=\"paper\","
                        + "outcome=\"success\",playbook=\"soft\"} 1.0");
          } catch (Exception e) {
            return false;
          }
        });
    // The same notification again (a repeat inside the verify window): the answer, written
    // after the transaction, says nothing new was planned, so nothing new can run.
    var repeat = h.alerts(Payloads.firing("paper", "soft", "a1b2c3d4e5f60718"));
    assertThat(repeat.statusCode()).isEqualTo(200);
    assertThat(repeat.body()).contains("\"planned\":0");
    bot.verify(1, postRequestedFor(urlPathMatching("/control/.*")));
  }

  @Test
  void theConsoleIsServedAtTheRoot() throws Exception {
    var page = h.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("text/html"));
    assertThat(page.body()).contains("/console/console.js");
    assertThat(h.get("/console/console.js").statusCode()).isEqualTo(200);
    assertThat(h.get("/console/console.css").statusCode()).isEqualTo(200);
    assertThat(h.get("/api/v1").body()).contains("POST /alerts");
  }

  @Test
  void recoveryLabelChoosesTheEndpoint() throws Exception {
    h.alerts(Payloads.firing("paper", "refresh_data", "00000000000000aa"));
    Harness.await(
        "refresh-data",
        10,
        () -> bot.findAll(postRequestedFor(urlEqualTo("/control/refresh-data"))).size() == 1);
    Harness.await(
        "the metric on /metrics",
        5,
        () -> {
          try {
            return h.get("/metrics")
                .body()
                .contains(
                    "responder_actions_total{action=\"refresh-data\",bot=\"paper\","
                        + "outcome=\"success\",playbook=\"refresh_data\"} 1.0");
          } catch (Exception e) {
            return false;
          }
        });
  }
}
