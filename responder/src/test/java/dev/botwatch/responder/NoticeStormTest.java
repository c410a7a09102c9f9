package dev.botwatch.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole responder under a storm: two thousand incidents on two bots once the caps are spent,
 * each asking for a person. People get one mail per bot at once and one grouped mail per bot when
 * the window ends, not two thousand; every incident is in one of them.
 */
class NoticeStormTest {
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

  static String batch(String bot, int from, int count) {
    List<JsonObject> alerts = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      alerts.add(
          Payloads.alert(
              "firing",
              String.format("%016x", i),
              "2026-11-22T08:00:00Z",
              Map.of(
                  "alertname", "BotApiErrorRateHigh",
                  "bot", bot,
                  "severity", "critical",
                  "recovery", "soft",
                  "api", "api-" + i)));
    }
    return Payloads.notification("firing", alerts.toArray(JsonObject[]::new));
  }

  @Test
  void twoThousandIncidentsOnTwoBotsBecomeAFewMails() throws Exception {
    bot.stubFor(post(urlPathMatching("/control/.*")).willReturn(ok()));
    h =
        new Harness(
            dir,
            """
            limits: {max_actions_per_hour: 0}
            notify:
              email: {host: 127.0.0.1, port: %d, security: none, from: botwatch@example.test,
                      to: [ops@example.test], connect_timeout: 1s}
              group_window: 10s
              max_per_hour: 12
            bots:
            """
                    .formatted(gm.getSmtp().getPort())
                + Harness.bot("paper", bot.baseUrl(), false)
                + Harness.bot("live", bot.baseUrl(), false));
    for (int b = 0; b < 10; b++) {
      assertThat(h.alerts(batch("paper", b * 100, 100)).statusCode()).isEqualTo(200);
      assertThat(h.alerts(batch("live", 10_000 + b * 100, 100)).statusCode()).isEqualTo(200);
    }
    Harness.await(
        "every notice sent",
        60,
        () ->
            h.store().actions(null, 5_000, 0).stream()
                .filter(a -> a.step().equals("manual-intervention"))
                .allMatch(a -> a.status() == ActionStatus.SUCCESS));
    assertThat(h.store().countActions(null)).isEqualTo(2_000);
    for (String b : List.of("paper", "live")) {
      // One mail at once; the rest in grouped mails, one per window (one, unless posting the
      // storm took longer than the window on a slow machine); every incident counted once.
      List<String> subjects = subjects(b);
      assertThat(subjects)
          .filteredOn(
              x -> x.equals("[botwatch] MANUAL INTERVENTION NEEDED: BotApiErrorRateHigh on " + b))
          .hasSize(1);
      List<String> grouped =
          subjects.stream()
              .filter(x -> x.matches("\\[botwatch] \\d+ incidents on bot " + b + " need you"))
              .toList();
      assertThat(grouped).hasSizeBetween(1, 2);
      assertThat(subjects).hasSize(1 + grouped.size());
      assertThat(grouped.stream().mapToInt(x -> Integer.parseInt(x.split(" ")[1])).sum())
          .isEqualTo(999);
    }
    String digest = body("incidents on bot paper need you");
    assertThat(digest)
        .contains("notices for bot paper in one message")
        .contains("max_actions_per_hour (0) reached for paper")
        .contains("more: see GET /api/v1/actions?bot=paper");
    assertThat(h.metrics())
        .contains("responder_notifications_total{channel=\"email\",outcome=\"grouped\"} 1998.0");
  }

  List<String> subjects(String bot) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : gm.getReceivedMessages()) {
      if (m.getSubject().contains(" " + bot)) {
        out.add(m.getSubject());
      }
    }
    return out;
  }

  String body(String subjectPart) throws Exception {
    for (MimeMessage m : gm.getReceivedMessages()) {
      if (m.getSubject().contains(subjectPart)) {
        return GreenMailUtil.getBody(m);
      }
    }
    throw new AssertionError("no mail with " + subjectPart);
  }

  @Test
  void withoutAnyNotifyChannelANoticeIsSkippedNoSmtpNotAFailure() throws Exception {
    bot.stubFor(post(urlPathMatching("/control/.*")).willReturn(ok()));
    h =
        new Harness(
            dir,
            "limits: {max_actions_per_hour: 0}\nbots:\n"
                + Harness.bot("paper", bot.baseUrl(), false));
    h.alerts(Payloads.firing("paper", "soft", "00000000000c0001"));
    Harness.await(
        "the notice row",
        10,
        () -> h.store().actions("paper", 10, 0).stream().anyMatch(ActionRecord::finished));
    assertThat(h.store().actions("paper", 10, 0))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.step()).isEqualTo("manual-intervention");
              assertThat(a.status()).isEqualTo(ActionStatus.SKIPPED);
              assertThat(a.detail()).startsWith("no smtp: neither notify.email nor notify.chat");
            });
  }
}
