package dev.botwatch.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.botwatch.e2e.support.Http;
import dev.botwatch.e2e.support.Ports;
import dev.botwatch.e2e.support.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/stack up --ha}: two Alertmanagers peered over loopback, Prometheus sending to both,
 * PostgreSQL, and two responder replicas on it that both Alertmanagers notify. A bot fault reaches
 * both replicas through both Alertmanagers and is repaired with exactly one control call; both
 * replicas answer the API alike. Then the first Alertmanager is killed (SIGKILL), and the replica
 * running the next repair is killed in the middle of its control call: the other records that
 * action interrupted after the lease and does not call again, the episode closes, and the survivor
 * repairs the fault after exactly once. Then PostgreSQL stops: the webhook answers 503
 * (Alertmanager resends) until it is back, and 200 again after.
 */
class HaStackIT {
  @TempDir Path dir;

  /** What the test waited for and when it came, printed as it goes and repeated on a failure. */
  private final List<String> timeline = new ArrayList<>();

  private final long started = System.nanoTime();

  private final int postgresPort = Ports.free();

  private void mark(String what) {
    String line =
        String.format("%7.1f s  %s  %s", (System.nanoTime() - started) / 1e9, Instant.now(), what);
    timeline.add(line);
    System.out.println("HaStackIT " + line);
  }

  /**
   * What says why a notification did not lead to its action, beyond the logs the stack adds: the
   * timeline, what the second replica recorded, what Alertmanager and Prometheus hold.
   */
  private String diagnosis(Stack s, String am2, String responder2) {
    StringBuilder sb = new StringBuilder("\n===== timeline =====\n");
    timeline.forEach(l -> sb.append(l).append('\n'));
    for (String[] get :
        new String[][] {
          {"responder-2 actions", responder2 + "/api/v1/actions?limit=30"},
          {"responder-2 status", responder2 + "/api/v1/status"},
          {"alertmanager-2 groups", am2 + "/api/v2/alerts/groups"},
          {"Prometheus alerts", s.prometheus.url() + "/api/v1/alerts"}
        }) {
      sb.append("\n===== ").append(get[0]).append(" =====\n");
      try {
        sb.append(Http.get(get[1]).body());
      } catch (RuntimeException unreachable) {
        sb.append(unreachable);
      }
    }
    return sb.toString();
  }

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
    o.env.put("BOTWATCH_POSTGRES_PORT", "" + postgresPort);
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
              throw new AssertionError(
                  e.getMessage() + diagnosis(s, "http://127.0.0.1:" + am2, second), e);
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
    mark("stack up, both Alertmanagers clustered");
    s.awaitApiTraffic();
    episode(s, 1);
    String actions = "/api/v1/actions?limit=50";
    assertThat(Http.get(responder2 + actions).json())
        .isEqualTo(Http.get(s.responderUrl() + actions).json());

    // 2. The first Alertmanager crashes; the second delivers alone. The replica that runs the
    // repair is killed (SIGKILL) while it waits on the bot: the other takes its work over after
    // its lease, records the action interrupted and does not call again.
    kill(s, "alertmanager");
    mark("alertmanager killed");
    String survivor = killTheReplicaMidAction(s, s.responderUrl(), responder2);

    // 3. The survivor alone repairs the next fault, exactly once.
    episode(s, 3);

    // 4. PostgreSQL stops: the survivor cannot record a notification, so it answers 503 and
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
        .until(() -> Http.post(survivor + "/alerts", body, s.webhookToken()).status() == 503);
    assertThat(s.bin(Duration.ofSeconds(60), "restart", "postgres")).contains("restarted postgres");
    await("the webhook to take the notification again")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> Http.post(survivor + "/alerts", body, s.webhookToken()).status() == 200);
  }

  /** One api_errors fault, repaired: the {@code n}-th reset-connections call, exactly. */
  private void episode(Stack s, int n) {
    int mails = s.mailCount("RECOVERED: BotApiErrorRateHigh");
    s.fault("api_errors");
    mark("episode " + n + ": fault api_errors on");
    s.awaitFiring("BotApiErrorRateHigh", Duration.ofSeconds(60));
    mark("episode " + n + ": firing in Prometheus");
    await("reset-connections number " + n)
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> s.controlCalls("reset-connections") >= n);
    mark("episode " + n + ": reset-connections called");
    s.awaitResolved("BotApiErrorRateHigh", Duration.ofSeconds(60));
    mark("episode " + n + ": resolved in Prometheus");
    // The resolution travelled the same way: the "recovered" notice proves it, and that the
    // episode is closed (nothing more will be planned for it) before we count.
    await("the recovered notice of episode " + n)
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> s.mailCount("RECOVERED: BotApiErrorRateHigh") > mails);
    mark("episode " + n + ": recovered notice mailed");
    assertThat(s.controlCalls("reset-connections")).isEqualTo(n);
  }

  /**
   * Episode 2: the bot's control API hangs (it acts at once, answers after 30 s; the responder's
   * call gives up after 5 s), so the repair stays {@code running} long enough to kill the replica
   * that claimed it, found by the claim's owner in PostgreSQL and the name each replica logs.
   * Returns the survivor's URL.
   */
  private String killTheReplicaMidAction(Stack s, String responder1, String responder2) {
    Http.Response slow =
        Http.post(s.demoBotUrl() + "/faults/slow_control", "{\"seconds\": 30}", s.controlToken());
    assertThat(slow.status()).as(slow.body()).isEqualTo(200);
    s.fault("api_errors");
    mark("episode 2: faults slow_control and api_errors on");
    s.awaitFiring("BotApiErrorRateHigh", Duration.ofSeconds(60));
    mark("episode 2: firing in Prometheus");
    String[] running;
    try (Connection db = postgres(s)) {
      running =
          await("a replica to run reset-connections")
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(100))
              .ignoreExceptions()
              .until(() -> runningRepair(db), r -> r != null);
    } catch (SQLException e) {
      throw new AssertionError("cannot read the store", e);
    }
    String action = running[0];
    String owner = running[1];
    String victim =
        s.log("responder").contains("replica " + owner + ":") ? "responder" : "responder-2";
    assertThat(s.log(victim)).contains("replica " + owner + ":");
    // Claimed is not yet called: the kill must come once the call reached the bot (it acts at
    // once and holds the answer back), while the replica still waits for that answer.
    await("the claimed call to reach the bot")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> s.controlCalls("reset-connections") == 2);
    kill(s, victim);
    mark("episode 2: killed " + victim + " (" + owner + ") while it ran action " + action);
    String survivor = victim.equals("responder") ? responder2 : responder1;
    await("the survivor to record action " + action + " interrupted")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> status(survivor, action).equals("interrupted"));
    mark("episode 2: the survivor recorded it interrupted");
    // The call reached the bot before the kill, so the fault is gone and the alert resolves.
    s.awaitResolved("BotApiErrorRateHigh", Duration.ofSeconds(60));
    await("the survivor to close the incident")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () ->
                Http.get(survivor + "/api/v1/status")
                    .json()
                    .at("/bots/paper/open_incidents")
                    .isEmpty());
    mark("episode 2: resolved, the incident closed");
    // Taken over and closed: nothing more will be planned for this episode. Nothing ran twice.
    assertThat(s.controlCalls("reset-connections")).isEqualTo(2);
    assertThat(Http.get(survivor + "/api/v1/actions?limit=50").json().get("actions"))
        .filteredOn(a -> a.get("step").asText().equals("reset-connections"))
        .hasSize(2);
    Http.Response fast = Http.delete(s.demoBotUrl() + "/faults/slow_control");
    assertThat(fast.status()).as(fast.body()).isEqualTo(200);
    return survivor;
  }

  /** The store the replicas share, as the test's own client (loopback, the run's password). */
  private Connection postgres(Stack s) throws SQLException {
    String password;
    try {
      password = Files.readString(s.runDir.resolve("secrets/postgres_password")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + postgresPort + "/botwatch", "botwatch", password);
  }

  /** The running reset-connections action's id and the replica that claimed its run, or null. */
  private static String[] runningRepair(Connection db) throws SQLException {
    try (PreparedStatement q =
            db.prepareStatement(
                "SELECT a.id, r.owner FROM actions a JOIN runs r ON r.id = a.run_id"
                    + " WHERE a.step = 'reset-connections' AND a.status = 'running'");
        ResultSet rs = q.executeQuery()) {
      return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
    }
  }

  private static String status(String responder, String actionId) {
    for (JsonNode a : Http.get(responder + "/api/v1/actions?limit=50").json().get("actions")) {
      if (a.get("id").asText().equals(actionId)) {
        return a.get("status").asText();
      }
    }
    return "absent";
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
