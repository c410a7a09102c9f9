package dev.botwatch.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-responder scenarios over real HTTP, a real SQLite store and WireMock as the bot:
 * duplicates, bursts against the caps, resolution mid-ladder, emergency stop and resume.
 */
class ScenarioTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String FAST = fast("150ms");

  static String fast(String verifyWindow) {
    return """
        limits:
          cooldown: 0s
          verify_window: %s
          retry: {initial_backoff: 10ms, max_attempts: 2, deadline: 3s}
        """
        .formatted(verifyWindow);
  }

  @TempDir Path dir;
  Harness h;

  Harness start(String yaml) throws Exception {
    bot.stubFor(post(urlPathMatching("/control/.*")).willReturn(ok()));
    h = new Harness(dir, yaml);
    return h;
  }

  static String bots(boolean liquidation) {
    return "bots:\n" + Harness.bot("paper", bot.baseUrl(), liquidation);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  int calls(String action) {
    return bot.findAll(postRequestedFor(urlEqualTo("/control/" + action))).size();
  }

  /** Waits until every planned or running action of the store is final. */
  void drain() throws InterruptedException {
    Harness.await(
        "the queues to drain",
        20,
        () -> h.store().actions(null, 10_000, 0).stream().allMatch(ActionRecord::finished));
  }

  @Test
  void haTwinsPostedConcurrentlyRunTheStepOnce() throws Exception {
    start(fast("10m") + bots(false));
    String body = Payloads.firing("paper", "soft", "0123456789abcdef");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Callable<Integer>> posts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      posts.add(() -> h.alerts(body).statusCode());
    }
    for (Future<Integer> f : pool.invokeAll(posts, 30, TimeUnit.SECONDS)) {
      assertThat(f.get()).isEqualTo(200);
    }
    pool.shutdown();
    drain();
    assertThat(calls("reset-connections")).isEqualTo(1);
    assertThat(h.store().countNotifications()).isEqualTo(40);
    assertThat(h.store().actions("paper", 100, 0)).hasSize(1);
  }

  @Test
  void aThousandNotificationsForOneIncidentStopAtTheCaps() throws Exception {
    // A seven-rung ladder with a 1 ms verify window: only the caps can stop it.
    StringBuilder pb = new StringBuilder("playbooks:\n");
    for (int i = 1; i <= 7; i++) {
      pb.append("  l")
          .append(i)
          .append(":\n")
          .append("    steps: [{action: http, endpoint: step-")
          .append(i)
          .append("}]\n")
          .append("    verify_window: 1ms\n")
          .append(i < 7 ? "    escalate_to: l" + (i + 1) + "\n" : "");
    }
    start(FAST + pb + bots(false));
    String body = Payloads.firing("paper", "l1", "00000000deadbeef");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Callable<Integer>> posts = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      posts.add(() -> h.alerts(body).statusCode());
    }
    for (Future<Integer> f : pool.invokeAll(posts, 120, TimeUnit.SECONDS)) {
      assertThat(f.get()).isEqualTo(200);
    }
    pool.shutdown();
    drain();
    List<LoggedRequest> all = bot.findAll(postRequestedFor(urlPathMatching("/control/.*")));
    assertThat(all).hasSize(5); // max_actions_per_hour
    assertThat(all)
        .extracting(LoggedRequest::getUrl)
        .containsExactly(
            "/control/step-1",
            "/control/step-2",
            "/control/step-3",
            "/control/step-4",
            "/control/step-5");
    List<ActionRecord> rows = h.store().actions("paper", 100, 0);
    assertThat(rows).filteredOn(r -> r.step().equals("manual-intervention")).hasSize(1);
    assertThat(h.metrics()).contains("outcome=\"rate_limited\"");
  }

  @Test
  void aStepHeldBackByTheCooldownRunsWhenItEndsWithoutWaitingForARepeat() throws Exception {
    // Two problems of one bot a moment apart (its process died just after its data went
    // stale): the second step must run once the cooldown is over, not at Alertmanager's next
    // repeat, which for a critical alert is 30 minutes away.
    start(
        """
        limits:
          cooldown: 1500ms
          verify_window: 10m
          retry: {initial_backoff: 10ms, max_attempts: 2, deadline: 3s}
        """
            + bots(false));
    h.alerts(Payloads.firing("paper", "soft", "00000000000000a1"));
    h.alerts(Payloads.firing("paper", "medium", "00000000000000b2"));
    Harness.await("reset-connections", 10, () -> calls("reset-connections") == 1);
    assertThat(calls("restart-component")).isZero();
    Harness.await(
        "restart-component after the cooldown", 10, () -> calls("restart-component") == 1);
    drain();
    assertThat(calls("reset-connections")).isEqualTo(1);
    assertThat(calls("restart-component")).isEqualTo(1);
  }

  @Test
  void aHeldBackStepThatResolvesDuringTheCooldownLeavesNothingToRun() throws Exception {
    // When the cooldown would end is the manual-clock tests' business (CooldownRechecksTest);
    // here: the resolve removes the stored re-check in its own transaction, so nothing is left
    // that could run the step later.
    start(
        """
        limits:
          cooldown: 10m
          verify_window: 10m
          retry: {initial_backoff: 10ms, max_attempts: 2, deadline: 3s}
        """
            + bots(false));
    h.alerts(Payloads.firing("paper", "soft", "00000000000000a1"));
    h.alerts(Payloads.firing("paper", "medium", "00000000000000b2"));
    assertThat(h.store().rechecks()).hasSize(1);
    h.alerts(Payloads.resolved("paper", "medium", "00000000000000b2"));
    assertThat(h.store().rechecks()).isEmpty();
    drain();
    assertThat(calls("restart-component")).isZero();
  }

  @Test
  void resolvedMidLadderStopsEscalationAndSkipsQueuedSteps() throws Exception {
    start(FAST + bots(false));
    bot.stubFor(
        post(urlEqualTo("/control/reset-connections")).willReturn(ok().withFixedDelay(800)));
    // Alert A occupies the bot's queue; B's step waits behind it and resolves meanwhile.
    h.alerts(Payloads.firing("paper", "soft", "000000000000000a"));
    h.alerts(Payloads.firing("paper", "medium", "000000000000000b"));
    h.alerts(Payloads.resolved("paper", "medium", "000000000000000b"));
    drain();
    assertThat(calls("restart-component")).isZero();
    assertThat(h.store().actions("paper", 100, 0))
        .filteredOn(r -> r.step().equals("restart-component"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(ActionStatus.SKIPPED);
              assertThat(r.detail()).contains("resolved");
            });
    // A late repeat of a resolved episode never escalates: LadderAndCapsTest, on a manual clock.
  }

  @Test
  void stillFiringAfterTheVerifyWindowClimbsOneRungPerRepeat() throws Exception {
    // A window long enough that a loaded machine does not leave it between two posts.
    start(fast("1500ms") + bots(false));
    String body = Payloads.firing("paper", "soft", "00000000000000cc");
    h.alerts(body);
    drain();
    // Inside the window a repeat plans nothing (the answer says so); the first repeat after it
    // climbs one rung. Repeats until then, as Alertmanager would send them, instead of a sleep.
    assertThat(h.alerts(body).body()).contains("\"planned\":0");
    Harness.await(
        "a repeat after the verify window to climb",
        10,
        () -> {
          try {
            return h.alerts(body).body().contains("\"planned\":1");
          } catch (Exception e) {
            return false;
          }
        });
    drain();
    assertThat(calls("reset-connections")).isEqualTo(1);
    assertThat(calls("restart-component")).isEqualTo(1);
    // medium's body template names the alert's component label; absent, it renders empty.
    bot.verify(
        postRequestedFor(urlEqualTo("/control/restart-component"))
            .withRequestBody(equalToJson("{\"component\": \"\"}")));
  }

  @Test
  void emergencyWithLiquidationDisabledNeverLiquidatesAndLatches() throws Exception {
    start(FAST + bots(false));
    for (int i = 0; i < 5; i++) {
      h.alerts(Payloads.firing("paper", "emergency_stop", "00000000000000e1"));
    }
    drain();
    assertThat(calls("liquidate")).isZero();
    assertThat(bot.findAll(postRequestedFor(urlPathMatching("/control/.*"))))
        .extracting(LoggedRequest::getUrl)
        .containsExactly(
            "/control/stop-trading", "/control/cancel-orders", "/control/emergency-mode");
    bot.verify(
        postRequestedFor(urlEqualTo("/control/emergency-mode"))
            .withRequestBody(equalToJson("{\"active\": true}")));
    JsonObject status = new JsonObject(h.get("/api/v1/status").body());
    assertThat(
            status
                .getJsonObject("bots")
                .getJsonObject("paper")
                .getJsonObject("emergency")
                .getBoolean("active"))
        .isTrue();
    assertThat(h.metrics()).contains("responder_emergency_active{bot=\"paper\"} 1.0");
    assertThat(h.store().actions("paper", 100, 0))
        .filteredOn(r -> r.step().equals("liquidate"))
        .singleElement()
        .satisfies(r -> assertThat(r.detail()).contains("liquidation is disabled"));

    // While latched, recovery stands down: recorded as skipped, nothing called.
    h.alerts(Payloads.firing("paper", "soft", "00000000000000e2"));
    drain();
    assertThat(calls("reset-connections")).isZero();

    // Resume needs the control token, calls the bot's resume and clears the latch.
    assertThat(h.post("/api/v1/bots/paper/resume", "", "Bearer wrong").statusCode()).isEqualTo(401);
    var r = h.post("/api/v1/bots/paper/resume", "", "Bearer " + Harness.CONTROL_TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(calls("resume")).isEqualTo(1);
    assertThat(h.metrics()).contains("responder_emergency_active{bot=\"paper\"} 0.0");
    // The stood-down alert still fires: its next repeat now runs the rung it could not run.
    h.alerts(Payloads.firing("paper", "soft", "00000000000000e2"));
    drain();
    assertThat(calls("reset-connections")).isEqualTo(1);
  }

  @Test
  void liquidationEnabledRunsOncePerEmergencyHoweverManyNotifications() throws Exception {
    start(FAST + bots(true));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Callable<Integer>> posts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      // Two different emergency alerts on the same bot, each repeated.
      String fp = i % 2 == 0 ? "0000000000000ee1" : "0000000000000ee2";
      posts.add(() -> h.alerts(Payloads.firing("paper", "emergency_stop", fp)).statusCode());
    }
    for (Future<Integer> f : pool.invokeAll(posts, 60, TimeUnit.SECONDS)) {
      assertThat(f.get()).isEqualTo(200);
    }
    pool.shutdown();
    drain();
    assertThat(calls("liquidate")).isEqualTo(1);
    // Stop-trading runs once per alert, never per notification (WireMock may count a retry).
    assertThat(h.store().actions("paper", 200, 0))
        .filteredOn(r -> r.step().equals("stop-trading"))
        .hasSize(2);
  }

  @Test
  void manualEmergencyStopThroughTheApi() throws Exception {
    start(FAST + bots(true));
    assertThat(
            h.post("/api/v1/bots/paper/emergency-stop", "{\"reason\":\"fat finger\"}", null)
                .statusCode())
        .isEqualTo(401);
    var r =
        h.post(
            "/api/v1/bots/paper/emergency-stop",
            "{\"reason\":\"fat finger\"}",
            "Bearer " + Harness.CONTROL_TOKEN);
    assertThat(r.statusCode()).isEqualTo(202);
    var again = h.post("/api/v1/bots/paper/emergency-stop", "", "Bearer " + Harness.CONTROL_TOKEN);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(again.body()).getString("error")).contains("already on");
    drain();
    assertThat(calls("liquidate")).isEqualTo(1);
    assertThat(calls("stop-trading")).isEqualTo(1);
    JsonObject page = new JsonObject(h.get("/api/v1/actions?bot=paper&limit=2&offset=0").body());
    assertThat(page.getJsonArray("actions")).hasSize(2);
    assertThat(page.getLong("total")).isGreaterThanOrEqualTo(4);
  }

  @Test
  void anOpenKillSwitchAlertStandsRecoveryDownUntilItResolves() throws Exception {
    start(FAST + bots(false));
    String ks =
        Payloads.notification(
            "firing",
            Payloads.alert(
                "firing",
                "00000000000000c5",
                "2026-11-22T08:00:00Z",
                Map.of("alertname", "BotKillSwitchActive", "bot", "paper", "recovery", "none")));
    h.alerts(ks);
    h.alerts(Payloads.firing("paper", "soft", "00000000000000c6"));
    drain();
    assertThat(calls("reset-connections")).isZero();
    assertThat(h.store().actions("paper", 10, 0))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo(ActionStatus.SKIPPED);
              assertThat(a.detail()).contains("kill switch");
            });
    h.alerts(ks.replace("\"firing\"", "\"resolved\""));
    h.alerts(Payloads.firing("paper", "soft", "00000000000000c7"));
    drain();
    assertThat(calls("reset-connections")).isEqualTo(1);
  }

  @Test
  void anEmergencyJumpsQueuedRecoveryWhichThenStandsDown() throws Exception {
    start(FAST + bots(false));
    bot.stubFor(
        post(urlEqualTo("/control/reset-connections")).willReturn(ok().withFixedDelay(700)));
    h.alerts(Payloads.firing("paper", "soft", "00000000000000f1")); // running
    Harness.await(
        "reset-connections to be running",
        10,
        () ->
            h.store().actions("paper", 5, 0).stream()
                .anyMatch(r -> r.status() == ActionStatus.RUNNING));
    h.alerts(Payloads.firing("paper", "refresh_data", "00000000000000f2")); // queued
    h.alerts(Payloads.firing("paper", "emergency_stop", "00000000000000f3"));
    drain();
    assertThat(bot.findAll(postRequestedFor(urlPathMatching("/control/.*"))))
        .extracting(LoggedRequest::getUrl)
        .containsExactly(
            "/control/reset-connections",
            "/control/stop-trading",
            "/control/cancel-orders",
            "/control/emergency-mode");
    assertThat(h.store().actions("paper", 20, 0))
        .filteredOn(r -> r.step().equals("refresh-data"))
        .singleElement()
        .satisfies(r -> assertThat(r.detail()).contains("emergency latch"));
  }

  @Test
  void hardRunsTheRestartCommandWithItsOwnTimeoutAndCountsRestarts() throws Exception {
    // The retry deadline (500ms) is shorter than the restart: the command's timeout governs.
    start(
        """
        limits:
          cooldown: 0s
          max_restarts_per_hour: 1
          retry: {initial_backoff: 10ms, max_attempts: 2, deadline: 500ms}
        bots:
          paper:
            control: {base_url: "%s"}
            restart: {argv: [sleep, "1.2"], timeout: 5s}
        """
            .formatted(bot.baseUrl()));
    h.alerts(Payloads.firing("paper", "hard", "00000000000000a1"));
    h.alerts(Payloads.firing("paper", "hard", "00000000000000a2"));
    drain();
    List<ActionRecord> rows = h.store().actions("paper", 20, 0);
    assertThat(rows)
        .filteredOn(r -> r.step().equals("restart"))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).as(r.detail()).isEqualTo(ActionStatus.SUCCESS));
    assertThat(rows).filteredOn(r -> r.step().equals("manual-intervention")).hasSize(1);
    assertThat(h.metrics())
        .contains(
            "responder_actions_total{action=\"hard\",bot=\"paper\",outcome=\"rate_limited\","
                + "playbook=\"hard\"} 1.0");
  }

  @Test
  void dryRunGloballyRecordsAndCallsNothing() throws Exception {
    start("dry_run: true\n" + FAST + bots(false));
    h.alerts(Payloads.firing("paper", "soft", "00000000000000d2"));
    drain();
    assertThat(bot.findAll(postRequestedFor(urlPathMatching("/control/.*")))).isEmpty();
    assertThat(h.store().actions("paper", 10, 0))
        .singleElement()
        .satisfies(
            a -> assertThat(a.detail()).contains("dry run: would POST /control/reset-connections"));
  }

  @Test
  void developmentProfileRunsEmergencyDry() throws Exception {
    start("profile: development\n" + FAST + bots(true));
    h.alerts(Payloads.firing("paper", "emergency_stop", "00000000000000d1"));
    drain();
    assertThat(bot.findAll(postRequestedFor(urlPathMatching("/control/.*")))).isEmpty();
    assertThat(h.store().actions("paper", 100, 0))
        .filteredOn(r -> r.playbook().equals("emergency_stop"))
        .extracting(ActionRecord::status)
        .containsOnly(ActionStatus.DRY_RUN)
        .hasSize(4);
  }
}
