package dev.botwatch.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.botwatch.e2e.support.Http;
import dev.botwatch.e2e.support.Ports;
import dev.botwatch.e2e.support.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/stack up --ha}: two Alertmanagers peered over loopback, Prometheus sending to both,
 * PostgreSQL, and two responder replicas on it that both Alertmanagers notify. A bot fault reaches
 * both replicas through both Alertmanagers and is repaired with exactly one control call; both
 * replicas answer the API alike. Then the first responder and the first Alertmanager are killed
 * (SIGKILL): the next fault is still repaired exactly once. Then PostgreSQL stops: the webhook
 * answers 503 (Alertmanager resends) until it is back, and 200 again after.
 */
class HaStackIT {
  @TempDir Path dir;

  @Test
  void twoRespondersOnePostgresTwoAlertmanagers() throws IOException {
    // Under root PostgreSQL runs as the `postgres` user, which must reach the run dir.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Stack.Options o = new Stack.Options();
    o.alerts = Set.of("BotApiErrorRateHigh", "Watchdog");
    int am2 = Ports.free();
    int responder2 = Ports.free();
    o.env.put("BOTWATCH_HA", "1");
    o.env.put("BOTWATCH_ALERTMANAGER2_PORT", "" + am2);
    o.env.put("BOTWATCH_ALERTMANAGER_CLUSTER_PORT", "" + Ports.free());
    o.env.put("BOTWATCH_ALERTMANAGER2_CLUSTER_PORT", "" + Ports.free());
    o.env.put("BOTWATCH_POSTGRES_PORT", "" + Ports.free());
    o.env.put("BOTWATCH_RESPONDER2_PORT", "" + responder2);
    // Two episodes a minute apart: no cooldown between their runs.
    o.env.put("BOTWATCH_COOLDOWN", "0s");
    try (Stack s = Stack.start(dir, o)) {
      String second = "http://127.0.0.1:" + responder2;
      s.scenario(
          () -> {
            try {
              run(s, "http://127.0.0.1:" + am2, second);
            } catch (AssertionError | RuntimeException e) {
              String actions;
              try {
                actions = Http.get(second + "/api/v1/actions?limit=30").body();
              } catch (RuntimeException unreachable) {
                actions = unreachable.toString();
              }
              String am2log;
              try {
                am2log =
                    String.join(
                        "\n",
                        Files.readAllLines(s.runDir.resolve("alertmanager-2.log")).stream()
                            .filter(l -> !l.contains("Notify attempt failed"))
                            .map(l -> l.length() > 600 ? l.substring(0, 600) : l)
                            .toList());
                am2log +=
                    "\n===== alertmanager-2 alerts =====\n"
                        + Http.get("http://127.0.0.1:" + am2 + "/api/v2/alerts").body()
                        + "\n===== responder-2 metrics =====\n"
                        + String.join(
                            "\n",
                            Http.get(second + "/metrics")
                                .body()
                                .lines()
                                .filter(l -> l.startsWith("responder_"))
                                .toList());
              } catch (IOException io) {
                am2log = io.toString();
              }
              throw new AssertionError(
                  e.getMessage()
                      + "\n===== responder-2 actions =====\n"
                      + actions
                      + "\n===== alertmanager-2 (but webhook[0]) =====\n"
                      + am2log,
                  e);
            }
          });
    }
  }

  private void run(Stack s, String am2, String responder2) {
    assertThat(s.bin("status", Duration.ofSeconds(10)))
        .contains("alertmanager-2 running", "responder-2 running", "postgres running");
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
    for (String am : List.of(s.alertmanagerUrl(), am2)) {
      await(am + " to see both cluster members")
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> Http.get(am + "/api/v2/status").json().at("/cluster/peers").size() == 2);
    }

    // 1. Both replicas hear the fault from both Alertmanagers; the database lets one act.
    s.awaitApiTraffic();
    episode(s, 1);
    String actions = "/api/v1/actions?limit=50";
    assertThat(Http.get(responder2 + actions).json())
        .isEqualTo(Http.get(s.responderUrl() + actions).json());

    // 2. The first responder and the first Alertmanager crash: the survivors repair alone.
    kill(s, "responder");
    kill(s, "alertmanager");
    episode(s, 2);

    // 3. PostgreSQL stops: the survivor cannot record a notification, so it answers 503 and
    // Alertmanager sends it again; once PostgreSQL is back the same notification is taken.
    long pg = s.pid("postgres");
    // SIGINT, PostgreSQL's fast shutdown (SIGTERM would wait for the replicas' connections).
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pg)).inheritIO().start().waitFor();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("cannot stop PostgreSQL", e);
    }
    await("PostgreSQL to stop")
        .atMost(Duration.ofSeconds(30))
        .until(() -> ProcessHandle.of(pg).map(p -> !p.isAlive()).orElse(true));
    String body = watchdog();
    await("the webhook to answer 503 while PostgreSQL is down")
        .atMost(Duration.ofSeconds(40))
        .ignoreExceptions()
        .until(() -> Http.post(responder2 + "/alerts", body, s.webhookToken()).status() == 503);
    assertThat(s.bin(Duration.ofSeconds(60), "restart", "postgres")).contains("restarted postgres");
    await("the webhook to take the notification again")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> Http.post(responder2 + "/alerts", body, s.webhookToken()).status() == 200);
  }

  /** One api_errors fault, repaired: the {@code n}-th reset-connections call, exactly. */
  private static void episode(Stack s, int n) {
    s.fault("api_errors");
    s.awaitFiring("BotApiErrorRateHigh", Duration.ofSeconds(60));
    // With a dead peer, a flush of the surviving Alertmanager lasts up to its timeout (10 s, plus
    // 15 s of peer wait while the dead node is still a member) retrying the dead responder, and
    // the next notification waits for it: allow for two such flushes.
    await("reset-connections number " + n)
        .atMost(Duration.ofSeconds(n == 1 ? 60 : 90))
        .ignoreExceptions()
        .until(() -> s.controlCalls("reset-connections") >= n);
    s.awaitResolved("BotApiErrorRateHigh", Duration.ofSeconds(60));
    // The resolution travelled the same way: the "recovered" notice proves it, and that the
    // episode is closed (nothing more will be planned for it) before we count.
    await("recovered notice number " + n)
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> s.mailCount("RECOVERED: BotApiErrorRateHigh") >= n);
    assertThat(s.controlCalls("reset-connections")).isEqualTo(n);
  }

  private static void kill(Stack s, String program) {
    long pid = s.pid(program);
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await(program + " to die")
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  /** A Watchdog notification as Alertmanager sends it: recorded, nothing to act on. */
  private static String watchdog() {
    String now = Instant.now().toString();
    return "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"Watchdog\\\"}\","
        + "\"truncatedAlerts\":0,\"status\":\"firing\",\"receiver\":\"responder\","
        + "\"groupLabels\":{\"alertname\":\"Watchdog\"},\"commonLabels\":{},"
        + "\"commonAnnotations\":{},\"externalURL\":\"http://127.0.0.1:9350\",\"alerts\":["
        + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"Watchdog\",\"severity\":\"none\"},"
        + "\"annotations\":{},\"startsAt\":\""
        + now
        + "\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"\","
        + "\"fingerprint\":\"00000000000000aa\"}]}";
  }
}
