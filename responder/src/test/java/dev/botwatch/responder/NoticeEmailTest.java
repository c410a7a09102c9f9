package dev.botwatch.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Notices to people through the email sender, GreenMail as SMTP. */
class NoticeEmailTest {
  static final String SMTP_PASSWORD = "smtp-pw-81aa3e";

  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static GreenMailExtension gm =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("ops@example.test", "ops", SMTP_PASSWORD));

  @TempDir Path dir;
  Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  Harness start(int smtpPort) throws Exception {
    return start(smtpPort, "");
  }

  Harness start(int smtpPort, String extra) throws Exception {
    bot.stubFor(post(urlPathMatching("/control/.*")).willReturn(ok()));
    Files.writeString(dir.resolve("smtp.pw"), SMTP_PASSWORD);
    h =
        new Harness(
            dir,
            """
            limits:
              max_actions_per_hour: 1
              cooldown: 0s
              verify_window: 1ms
              retry: {initial_backoff: 10ms, max_attempts: 2, deadline: 3s}
            notify:
              email:
                host: 127.0.0.1
                port: %d
                security: none
                username: ops
                password: {file: DIR/smtp.pw}
                from: botwatch@example.test
                to: [ops@example.test]
                connect_timeout: 1s
            bots:
            """
                    .formatted(smtpPort)
                + Harness.bot("paper", bot.baseUrl(), false)
                + extra);
    return h;
  }

  void drain() throws InterruptedException {
    Harness.await(
        "queues to drain",
        20,
        () -> h.store().actions(null, 1000, 0).stream().allMatch(ActionRecord::finished));
  }

  @Test
  void capsExhaustedSendExactlyOneManualEmailThenRecoveredWhenItResolves() throws Exception {
    start(gm.getSmtp().getPort());
    String firing = Payloads.firing("paper", "soft", "00000000000a11ce");
    for (int i = 0; i < 25; i++) {
      h.alerts(firing);
    }
    drain();
    // Every notice row is final (drain), and GreenMail holds a mail before the send returns: no
    // other mail can still be on its way.
    assertThat(gm.waitForIncomingEmail(10_000, 1)).isTrue();
    MimeMessage[] mails = gm.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getSubject()).contains("MANUAL INTERVENTION").contains("paper");
    String text = GreenMailUtil.getBody(mails[0]);
    assertThat(text)
        .contains("BotApiErrorRateHigh")
        .contains("max_actions_per_hour")
        .contains("reset-connections")
        .contains("success")
        .doesNotContain(SMTP_PASSWORD)
        .doesNotContain(Harness.BOT_TOKEN);

    h.alerts(Payloads.resolved("paper", "soft", "00000000000a11ce"));
    assertThat(gm.waitForIncomingEmail(10_000, 2)).isTrue();
    List<String> subjects =
        Arrays.stream(gm.getReceivedMessages())
            .map(
                m -> {
                  try {
                    return m.getSubject();
                  } catch (Exception e) {
                    return "";
                  }
                })
            .toList();
    assertThat(subjects).anyMatch(s -> s.contains("RECOVERED"));
    Harness.await(
        "the notification metric",
        5,
        () -> {
          try {
            return h.metrics()
                .contains(
                    "responder_notifications_total{channel=\"email\",outcome=\"success\"} 2.0");
          } catch (Exception e) {
            return false;
          }
        });
  }

  @Test
  void emergencyStopEmailsTheStepsAndHowToResume() throws Exception {
    start(gm.getSmtp().getPort());
    h.alerts(Payloads.firing("paper", "emergency_stop", "0000000000000e3e"));
    assertThat(gm.waitForIncomingEmail(15_000, 1)).isTrue();
    MimeMessage m = gm.getReceivedMessages()[0];
    assertThat(m.getSubject()).contains("EMERGENCY STOP");
    assertThat(GreenMailUtil.getBody(m)).contains("liquidat").contains("/resume");
  }

  @Test
  void aSilentWatchdogSendsOneNoticeAndItsReturnAnother() throws Exception {
    start(gm.getSmtp().getPort(), "watchdog: {missing_after: 1s}\n");
    assertThat(gm.waitForIncomingEmail(10_000, 1)).isTrue();
    // One notice per silence however many checks run: WatchdogNotifierTest, on a manual clock.
    assertThat(gm.getReceivedMessages()[0].getSubject()).contains("Watchdog missing");
    assertThat(
            new io.vertx.core.json.JsonObject(h.get("/api/v1/status").body())
                .getJsonObject("watchdog")
                .getBoolean("missing"))
        .isTrue();
    String watchdog =
        Payloads.notification(
            "firing",
            Payloads.alert(
                "firing",
                "000000000000d0d0",
                "2026-11-22T08:00:00Z",
                java.util.Map.of("alertname", "Watchdog", "severity", "none")));
    assertThat(h.alerts(watchdog).statusCode()).isEqualTo(200);
    assertThat(gm.waitForIncomingEmail(10_000, 2)).isTrue();
    assertThat(gm.getReceivedMessages()).hasSize(2);
    assertThat(gm.getReceivedMessages()[1].getSubject()).contains("Watchdog back");
    assertThat(h.metrics()).doesNotContain("responder_watchdog_last_seen_timestamp_seconds 0.0");
    assertThat(
            new io.vertx.core.json.JsonObject(h.get("/api/v1/status").body())
                .getJsonObject("watchdog")
                .getString("last_seen"))
        .isNotNull();
  }

  @Test
  void smtpDownIsARecordedFailureNotACrash() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    start(closed);
    h.alerts(Payloads.firing("paper", "soft", "00000000000b0b0b"));
    h.alerts(Payloads.firing("paper", "soft", "00000000000b0b0b"));
    drain();
    List<ActionRecord> notices =
        h.store().actions("paper", 100, 0).stream()
            .filter(a -> a.step().equals("manual-intervention"))
            .toList();
    assertThat(notices)
        .singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo(ActionStatus.FAILURE));
    assertThat(notices.get(0).detail()).doesNotContain(SMTP_PASSWORD);
    assertThat(h.metrics())
        .contains("responder_notifications_total{channel=\"email\",outcome=\"failure\"} 1.0");
    assertThat(h.get("/-/healthy").statusCode()).isEqualTo(200);
  }
}
