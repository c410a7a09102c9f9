package dev.botwatch.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.e2e.support.Await;
import dev.botwatch.e2e.support.Http;
import dev.botwatch.e2e.support.Ports;
import dev.botwatch.e2e.support.Stack;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/stack up --ha}: two Alertmanagers peered over loopback, Prometheus sending to both.
 * The first one is killed (SIGKILL, a crash); a bot fault is still repaired, exactly once, and its
 * resolution still reaches the responder. That Alertmanager's cluster sends a notification once
 * while both nodes live is proven in the prometheus module (AlertmanagerClusterTest).
 */
class HaAlertmanagersIT {
  @TempDir Path dir;

  @Test
  void theLoopSurvivesTheLossOfOneAlertmanager() {
    Stack.Options o = new Stack.Options();
    o.alerts = Set.of("BotApiErrorRateHigh", "Watchdog");
    int secondPort = Ports.free();
    o.env.put("BOTWATCH_HA", "1");
    o.env.put("BOTWATCH_ALERTMANAGER2_PORT", "" + secondPort);
    o.env.put("BOTWATCH_ALERTMANAGER_CLUSTER_PORT", "" + Ports.free());
    o.env.put("BOTWATCH_ALERTMANAGER2_CLUSTER_PORT", "" + Ports.free());
    try (Stack s = Stack.start(dir, o)) {
      try {
        run(s, "http://127.0.0.1:" + secondPort);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + s.logs(), e);
      }
    }
  }

  private void run(Stack s, String second) {
    assertThat(s.bin("status", Duration.ofSeconds(10))).contains("alertmanager-2 running");
    Await.until(
        Duration.ofSeconds(30),
        "Prometheus to send to both Alertmanagers",
        () ->
            Http.get(s.prometheus.url() + "/api/v1/alertmanagers")
                    .json()
                    .at("/data/activeAlertmanagers")
                    .size()
                == 2);
    for (String am : List.of(s.alertmanagerUrl(), second)) {
      Await.until(
          Duration.ofSeconds(30),
          am + " to see both cluster members",
          () -> Http.get(am + "/api/v2/status").json().at("/cluster/peers").size() == 2);
    }

    long pid = s.pid("alertmanager");
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    Await.until(
        Duration.ofSeconds(10),
        "the first Alertmanager to die",
        () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));

    Await.until(
        Duration.ofSeconds(60),
        "Prometheus to see enough API requests of the bot",
        () -> s.prometheus.query("bot:api_requests:increase5m{bot=\"paper\"} >= 100").size() == 1);
    s.fault("api_errors");
    s.awaitFiring("BotApiErrorRateHigh", Duration.ofSeconds(60));
    Await.until(
        Duration.ofSeconds(60),
        "the responder to call reset-connections through the surviving Alertmanager",
        () -> s.controlCalls("reset-connections") >= 1);
    s.awaitResolved("BotApiErrorRateHigh", Duration.ofSeconds(60));
    // The resolution travelled the same way: the responder's "recovered" notice proves it, and
    // that the episode is closed before we count.
    Await.until(
        Duration.ofSeconds(60),
        "the responder's recovered notice",
        () ->
            Arrays.stream(s.mail.getReceivedMessages())
                .anyMatch(m -> subject(m).contains("RECOVERED: BotApiErrorRateHigh")));
    assertThat(s.controlCalls("reset-connections")).isEqualTo(1);
  }

  private static String subject(MimeMessage m) {
    try {
      return String.valueOf(m.getSubject());
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }
}
