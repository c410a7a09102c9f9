package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Alertmanager 0.25 nodes with prometheus/alertmanager.yml, peered over loopback exactly as
 * {@code bin/stack up --ha} peers them ({@code --cluster.listen-address} and {@code --cluster.peer}
 * on 127.0.0.1, default timers), both handed the same alert as Prometheus hands it to every
 * Alertmanager: the responder hears it once. With one node killed, the other still delivers.
 *
 * <p>Deduplication is Alertmanager's: the node at gossip position n waits n × peer_timeout (15s)
 * and then skips what the notification log says a peer already sent.
 */
class AlertmanagerClusterTest {
  private static final Duration DELIVERY = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void aClusterNotifiesOnceAndSurvivesTheLossOfANode() throws Exception {
    int c0 = LiveAlertmanager.freePort();
    int c1 = LiveAlertmanager.freePort();
    try (LiveAlertmanager.Capture responder = new LiveAlertmanager.Capture();
        LiveAlertmanager am0 =
            LiveAlertmanager.start("am0", tmp.resolve("am0"), responder, cluster(c0, c1));
        LiveAlertmanager am1 =
            LiveAlertmanager.start("am1", tmp.resolve("am1"), responder, cluster(c1, c0))) {
      List<LiveAlertmanager> both = List.of(am0, am1);
      try {
        for (LiveAlertmanager am : both) {
          await(am.name + " sees both peers")
              .atMost(Duration.ofSeconds(30))
              .until(() -> peers(am) == 2);
        }

        // The same alert to both nodes, as Prometheus sends it to every Alertmanager.
        for (LiveAlertmanager am : both) {
          am.post(alert("BotApiErrorRateHigh", "critical"));
        }
        await("the first notification")
            .atMost(DELIVERY)
            .until(() -> responder.count("BotApiErrorRateHigh") >= 1);

        // Proof that each node has finished with that alert: an alert only it has, posted after
        // the shared one, goes through the same group_wait and the same position wait, so when
        // it arrives the node's decision on the shared alert is already made.
        am0.post(alert("BotScanSlow", "warning"));
        am1.post(alert("BotTradeRateLow", "warning"));
        await("each node's own alert")
            .atMost(DELIVERY)
            .until(
                () ->
                    responder.count("BotScanSlow") == 1 && responder.count("BotTradeRateLow") == 1);
        assertThat(responder.count("BotApiErrorRateHigh"))
            .as("notifications of the alert both nodes had: %s", responder.received)
            .isEqualTo(1);

        // A node crashes: the survivor still delivers.
        am0.kill();
        am1.post(alert("BotWebsocketDisconnected", "critical"));
        await("a notification from the surviving node")
            .atMost(DELIVERY)
            .until(() -> responder.count("BotWebsocketDisconnected") == 1);
      } catch (AssertionError | ConditionTimeoutException e) {
        throw new AssertionError(
            e.getMessage() + "\n--- am0 ---\n" + am0.log() + "\n--- am1 ---\n" + am1.log(), e);
      }
    }
  }

  private static List<String> cluster(int listen, int peer) {
    return List.of(
        "--cluster.listen-address=127.0.0.1:" + listen, "--cluster.peer=127.0.0.1:" + peer);
  }

  private static String alert(String name, String severity) {
    return """
        [{"labels": {"alertname": "%s", "bot": "b1", "host": "vps1", "severity": "%s", "recovery": "soft"}}]"""
        .formatted(name, severity);
  }

  /** Cluster members a node sees, once its cluster is ready; 0 before. */
  private static int peers(LiveAlertmanager am) {
    JsonNode s = am.status();
    if (s == null || !"ready".equals(s.at("/cluster/status").asText())) {
      return 0;
    }
    return s.at("/cluster/peers").size();
  }
}
