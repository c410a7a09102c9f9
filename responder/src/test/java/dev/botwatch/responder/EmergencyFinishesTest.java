package dev.botwatch.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot whose control API fails every call, with a breaker that opens after one failure: the
 * emergency stop still attempts every step, the stopping step last, records every outcome, and
 * mails a critical manual-intervention notice because the bot could not be stopped.
 */
class EmergencyFinishesTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static GreenMailExtension gm = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path dir;
  Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void anOpenBreakerSkipsNoEmergencyStepAndAFailedStopMailsAPersonAtOnce() throws Exception {
    bot.stubFor(post(urlPathMatching("/control/.*")).willReturn(aResponse().withStatus(503)));
    h =
        new Harness(
            dir,
            """
            limits:
              retry: {initial_backoff: 10ms, max_attempts: 2, deadline: 3s}
              breaker: {max_failures: 1, reset_timeout: 10m}
            notify:
              email: {host: 127.0.0.1, port: %d, security: none, from: botwatch@example.test,
                      to: [ops@example.test], connect_timeout: 1s}
            bots:
            """
                    .formatted(gm.getSmtp().getPort())
                + Harness.bot("paper", bot.baseUrl(), true));
    // A failed recovery first: the breaker for the bot's control API is open before the
    // emergency begins.
    h.alerts(Payloads.firing("paper", "soft", "00000000000b0001"));
    Harness.await(
        "the breaker to open",
        10,
        () -> {
          try {
            return h.get("/api/v1/status").body().contains("\"open\"");
          } catch (Exception e) {
            return false;
          }
        });
    h.alerts(Payloads.firing("paper", "emergency_stop", "00000000000b0002"));
    Harness.await(
        "the emergency and its notices",
        20,
        () ->
            h.store().actions("paper", 100, 0).stream()
                    .filter(a -> a.step().startsWith("manual-intervention-critical"))
                    .anyMatch(ActionRecord::finished)
                && h.store().actions("paper", 100, 0).stream().allMatch(ActionRecord::finished));

    List<ActionRecord> emergency =
        h.store().actions("paper", 100, 0).stream()
            .filter(a -> a.playbook().equals("emergency_stop"))
            .sorted((a, b) -> Long.compare(a.id(), b.id()))
            .toList();
    assertThat(emergency)
        .extracting(ActionRecord::step, ActionRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("stop-trading", ActionStatus.FAILURE),
            org.assertj.core.groups.Tuple.tuple("cancel-orders", ActionStatus.FAILURE),
            org.assertj.core.groups.Tuple.tuple("liquidate", ActionStatus.FAILURE),
            org.assertj.core.groups.Tuple.tuple("emergency-mode", ActionStatus.FAILURE));
    assertThat(emergency).allSatisfy(a -> assertThat(a.detail()).doesNotContain("circuit"));
    // Each step went out; retries too, except liquidation, which is never retried.
    List<String> calls =
        bot.findAll(postRequestedFor(urlPathMatching("/control/.*"))).stream()
            .map(LoggedRequest::getUrl)
            .toList();
    assertThat(calls)
        .containsExactly(
            "/control/reset-connections",
            "/control/stop-trading",
            "/control/stop-trading",
            "/control/cancel-orders",
            "/control/cancel-orders",
            "/control/liquidate",
            "/control/emergency-mode",
            "/control/emergency-mode");
    bot.verify(1, postRequestedFor(urlEqualTo("/control/liquidate")));
    assertThat(new JsonObject(h.get("/api/v1/status").body()).getJsonObject("circuits").getMap())
        .containsValue("open");
    JsonObject latch =
        new JsonObject(h.get("/api/v1/status").body())
            .getJsonObject("bots")
            .getJsonObject("paper")
            .getJsonObject("emergency");
    assertThat(latch.getBoolean("active")).isTrue();
    assertThat(latch.getBoolean("liquidated")).isFalse();

    assertThat(gm.waitForIncomingEmail(10_000, 2)).isTrue();
    MimeMessage[] mails = gm.getReceivedMessages();
    assertThat(mails[0].getSubject())
        .isEqualTo(
            "[botwatch] CRITICAL: MANUAL INTERVENTION NEEDED: emergency stop did not stop paper");
    assertThat(GreenMailUtil.getBody(mails[0]))
        .contains("emergency-mode (http), ended failure")
        .contains("Stop the bot by hand now");
    assertThat(mails[1].getSubject()).contains("EMERGENCY STOP executed on paper");
  }
}
