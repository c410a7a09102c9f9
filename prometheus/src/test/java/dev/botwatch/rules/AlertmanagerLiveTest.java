package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prometheus/alertmanager.yml in a real Alertmanager 0.25 (single node, loopback), with the
 * responder replaced by a capture server: the relative credentials_file is read and sent as a
 * bearer token, and a critical alert inhibits the warning of the same bot and alertname while other
 * warnings still arrive.
 */
class AlertmanagerLiveTest {
  @TempDir Path tmp;

  @Test
  void deliversToTheResponderWithTheTokenAndInhibitsTheWarningTwin() throws Exception {
    try (LiveAlertmanager.Capture capture = new LiveAlertmanager.Capture();
        LiveAlertmanager am =
            LiveAlertmanager.start(
                "alertmanager", tmp, capture, List.of("--cluster.listen-address="))) {
      am.post(
          """
          [{"labels": {"alertname": "BotApiErrorRateHigh", "bot": "b1", "severity": "critical", "recovery": "soft"}},
           {"labels": {"alertname": "BotApiErrorRateHigh", "bot": "b1", "severity": "warning", "recovery": "soft"}},
           {"labels": {"alertname": "BotScanSlow", "bot": "b1", "severity": "warning", "recovery": "medium"}}]""");
      // group_wait is 10s; both groups flush then.
      await("two notifications")
          .atMost(Duration.ofSeconds(30))
          .until(() -> capture.received.size() >= 2);
      // No wait for a straggler: the warning shares the critical's group (host, bot, alertname), so
      // had it not been inhibited it would be in the critical's notification.
      assertThat(capture.received)
          .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + token()));
      List<String> got = capture.received.stream().flatMap(r -> r.alerts().stream()).toList();
      assertThat(got)
          .containsExactlyInAnyOrder("BotApiErrorRateHigh/critical", "BotScanSlow/warning");
      assertThat(capture.received)
          .allSatisfy(r -> assertThat(r.body().path("version").asText()).isEqualTo("4"));
    }
  }

  private static String token() throws Exception {
    return Files.readString(
            Tools.ROOT.resolve("prometheus/secrets/webhook_token"), StandardCharsets.UTF_8)
        .trim();
  }
}
