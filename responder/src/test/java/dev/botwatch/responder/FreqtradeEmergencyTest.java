package dev.botwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Freqtrade-only bot stopped, liquidated and resumed by the whole responder, against {@link
 * FakeFreqtrade} on both API generations: through 502s, a 401, a timeout and a 500, with more open
 * orders than retries, from a running and from an already-stopped bot. The breaker opens after one
 * failure: an emergency goes on regardless.
 */
class FreqtradeEmergencyTest {
  @TempDir Path dir;
  Harness h;
  FakeFreqtrade ft;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (ft != null) {
      ft.close();
    }
  }

  Harness start(String version, String extraBot, String extra) throws Exception {
    Files.writeString(dir.resolve("ft.pw"), FakeFreqtrade.PASSWORD);
    h =
        new Harness(
            dir,
            """
            limits:
              cooldown: 0s
              retry: {initial_backoff: 10ms, max_attempts: 2, deadline: 8s}
              breaker: {max_failures: 1, reset_timeout: 10m}
            bots:
              ft:
                freqtrade:
                  base_url: %s
                  username: freqtrader
                  password: {file: DIR/ft.pw}
                  timeout: 500ms
                  process_throttle: 200ms
                  poll_interval: 50ms
                liquidation_enabled: true
            %s"""
                    .formatted(ft.baseUrl(), extraBot)
                + extra);
    return h;
  }

  /** Six open orders (two unfilled entries), one trade without an order. */
  void sevenTrades() {
    for (long id = 1; id <= 6; id++) {
      ft.trade(id, id != 1 && id != 3, true);
    }
    ft.trade(7, true, false);
  }

  void faults() {
    ft.fault("DELETE", "/api/v1/trades/2/open-order", "502");
    ft.fault("DELETE", "/api/v1/trades/5/open-order", "timeout");
    ft.fault("DELETE", "/api/v1/trades/4/open-order", "401");
    ft.fault("POST", "/api/v1/stop", "500");
    ft.slow = Duration.ofMillis(1500);
  }

  void drain() throws InterruptedException {
    Harness.await(
        "the queues to drain",
        30,
        () -> h.store().actions(null, 10_000, 0).stream().allMatch(ActionRecord::finished));
  }

  List<ActionRecord> emergencyRows() {
    return h.store().actions("ft", 100, 0).stream()
        .filter(a -> a.playbook().equals("freqtrade_emergency_stop"))
        .sorted((a, b) -> Long.compare(a.id(), b.id()))
        .toList();
  }

  JsonObject latch() throws Exception {
    return new JsonObject(h.get("/api/v1/status").body())
        .getJsonObject("bots")
        .getJsonObject("ft")
        .getJsonObject("emergency");
  }

  long deletes(long trade) {
    return ft.requests().stream()
        .filter(r -> r.equals("DELETE /api/v1/trades/" + trade + "/open-order"))
        .count();
  }

  @ParameterizedTest(name = "Freqtrade {0}")
  @ValueSource(strings = {"2023.6", "2024.10", "2025.4"})
  void fromARunningBotThroughFaultsToAFlatStoppedBot(String version) throws Exception {
    ft = new FakeFreqtrade(version, Duration.ofMillis(100));
    sevenTrades();
    faults();
    start(version, "", "");
    HttpResponse<String> r =
        h.post("/api/v1/bots/ft/emergency-stop", "", "Bearer " + Harness.CONTROL_TOKEN);
    assertThat(r.statusCode()).isEqualTo(202);
    drain();

    assertThat(emergencyRows())
        .extracting(ActionRecord::step, ActionRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("stop_entries", ActionStatus.SUCCESS),
            org.assertj.core.groups.Tuple.tuple("cancel_open_orders", ActionStatus.SUCCESS),
            org.assertj.core.groups.Tuple.tuple("force_exit_all", ActionStatus.SUCCESS),
            org.assertj.core.groups.Tuple.tuple("stop", ActionStatus.SUCCESS));
    assertThat(emergencyRows().get(1).detail())
        .contains("cancelled 5 open order(s), 1 already gone (after 2 attempts)");
    assertThat(ft.openOrders()).isZero();
    assertThat(ft.openTrades()).isZero();
    synchronized (ft) {
      assertThat(ft.state).isEqualTo("stopped");
    }
    // A DELETE that succeeded is never sent again: trade 5 timed out but Freqtrade cancelled it,
    // so the retry saw no open order; trade 2 lost its order once (502); trade 4 met a 401.
    assertThat(deletes(1)).isEqualTo(1);
    assertThat(deletes(2)).isEqualTo(2);
    assertThat(deletes(3)).isEqualTo(1);
    assertThat(deletes(4)).isEqualTo(2);
    assertThat(deletes(5)).isEqualTo(1);
    assertThat(deletes(6)).isEqualTo(1);
    assertThat(deletes(7)).isZero();
    assertThat(ft.logins).isEqualTo(2); // the first, and one fresh login after the 401
    assertThat(ft.requests())
        .contains(version.equals("2025.4") ? "POST /api/v1/pause" : "POST /api/v1/stopentry")
        .doesNotContain("POST /api/v1/start");
    assertThat(ft.journal.stream().map(FakeFreqtrade.Event::what))
        .contains("forceexit {\"tradeid\":\"all\",\"ordertype\":\"market\"}");
    assertThat(latch().getBoolean("active")).isTrue();
    assertThat(latch().getBoolean("liquidated")).isTrue();
    assertThat(h.store().actions("ft", 100, 0))
        .extracting(ActionRecord::step)
        .doesNotContain("manual-intervention-critical");
  }

  @ParameterizedTest(name = "Freqtrade {0}")
  @ValueSource(strings = {"2023.6", "2024.10", "2025.4"})
  void fromAnAlreadyStoppedBotItFirstManagesExitsOnlyThenStops(String version) throws Exception {
    ft = new FakeFreqtrade(version, Duration.ofMillis(100));
    ft.stoppedAlready();
    sevenTrades();
    faults();
    start(version, "", "");
    h.alerts(Payloads.firing("ft", "emergency_stop", "00000000000f7001"));
    drain();

    assertThat(emergencyRows())
        .extracting(ActionRecord::status)
        .containsOnly(ActionStatus.SUCCESS)
        .hasSize(4);
    assertThat(ft.openOrders()).isZero();
    assertThat(ft.openTrades()).isZero();
    synchronized (ft) {
      assertThat(ft.state).isEqualTo("stopped");
    }
    List<String> req = ft.requests();
    if (version.equals("2025.4")) {
      // /pause from stopped starts the trader paused: exits managed, no entries.
      assertThat(req).contains("POST /api/v1/pause").doesNotContain("POST /api/v1/start");
    } else {
      // No paused state: /start and at once /stopentry, before the worker's next loop.
      int s = req.indexOf("POST /api/v1/start");
      assertThat(s).isPositive();
      assertThat(req.get(s + 1)).isEqualTo("POST /api/v1/stopentry");
      assertThat(req.indexOf("POST /api/v1/forceexit")).isGreaterThan(s);
    }
    assertThat(req.indexOf("POST /api/v1/stop"))
        .isGreaterThan(req.indexOf("POST /api/v1/forceexit"));
    assertThat(latch().getBoolean("liquidated")).isTrue();
  }

  @ParameterizedTest(name = "Freqtrade {0}")
  @ValueSource(strings = {"2024.10", "2025.4"})
  void aFreqtradeOnlyBotResumes(String version) throws Exception {
    ft = new FakeFreqtrade(version, Duration.ofMillis(100));
    synchronized (ft) {
      ft.initialState = "stopped"; // after a config reload the trader waits for /start
    }
    ft.trade(1, true, true);
    start(version, "", "");
    h.post("/api/v1/bots/ft/emergency-stop", "", "Bearer " + Harness.CONTROL_TOKEN);
    drain();
    assertThat(latch().getBoolean("active")).isTrue();

    HttpResponse<String> r =
        h.post("/api/v1/bots/ft/resume", "", "Bearer " + Harness.CONTROL_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(latch().getBoolean("active")).isFalse();
    synchronized (ft) {
      assertThat(ft.state).isEqualTo("running");
      assertThat(ft.maxOpenTrades).isEqualTo(3);
    }
    List<String> req = ft.requests();
    int resumeFrom = req.lastIndexOf("POST /api/v1/stop");
    List<String> after = req.subList(resumeFrom + 1, req.size());
    if (version.equals("2025.4")) {
      assertThat(after).contains("POST /api/v1/start").doesNotContain("POST /api/v1/reload_config");
    } else {
      // /start alone would leave max_open_trades at 0: the reload restores it.
      assertThat(after.indexOf("POST /api/v1/reload_config"))
          .isNotNegative()
          .isLessThan(after.indexOf("POST /api/v1/start"));
    }
    assertThat(new JsonObject(r.body()).getString("detail")).contains("state running");
  }
}
