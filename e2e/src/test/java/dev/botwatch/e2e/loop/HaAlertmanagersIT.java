package dev.botwatch.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.botwatch.e2e.support.Http;
import dev.botwatch.e2e.support.Ports;
import dev.botwatch.e2e.support.Stack;
import java.nio.file.Path;
import java.time.Duration;
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
    await("Prometheus to send to both Alertmanagers")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                Http.get(s.prometheus.url() + "/api/v1/alertmanagers")
                        .json()
                        .at("/data/activeAlertmanagers")
                        .size()
                    == 2);
    for (String am : List.of(s.alertmanagerUrl(), second)) {
      await(am + " to see both cluster members")
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> Http.get(am + "/api/v2/status").json().at("/cluster/peers").size() == 2);
    }

    long pid = s.pid("alertmanager");
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await("the first Alertmanager to die")
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));

    s.awaitApiTraffic();
    s.fault("api_errors");
    s.awaitFiring("BotApiErrorRateHigh", Duration.ofSeconds(60));
    await("the responder to call reset-connections through the surviving Alertmanager")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> s.controlCalls("reset-connections") >= 1);
    s.awaitResolved("BotApiErrorRateHigh", Duration.ofSeconds(60));
    // The resolution travelled the same way: the responder's "recovered" notice proves it, and
    // that the episode is closed before we count.
    await("the responder's recovered notice")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> s.mailed("RECOVERED: BotApiErrorRateHigh"));
    assertThat(s.controlCalls("reset-connections")).isEqualTo(1);
  }
}
