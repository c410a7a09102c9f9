package dev.botwatch.demobot.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.demobot.config.TradingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimulationTest {
  static final double T0 = 1_795_000_000.0;
  static final Strategy.Check VALID = Strategy.Check.valid(Strategy.DEFAULT);

  final Simulation sim = new Simulation("paper", TradingConfig.defaults(), 7);
  final Controls controls = new Controls(sim);
  double now = T0;

  TickOutput tick() {
    now += 1;
    return sim.tick(now, VALID);
  }

  List<TickOutput> ticks(int n) {
    List<TickOutput> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(tick());
    }
    return out;
  }

  static List<Map<String, Object>> events(List<TickOutput> outs, String type) {
    return outs.stream()
        .flatMap(o -> o.events().stream())
        .filter(e -> type.equals(e.get("type")))
        .toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  static double num(Map<String, Object> e, String k) {
    return ((Number) e.get(k)).doubleValue();
  }

  @Test
  void healthyTicksStayInsideEveryProductionThreshold() {
    List<TickOutput> outs = ticks(200);
    assertThat(outs).noneMatch(TickOutput::stalled);
    assertThat(events(outs, "api_call"))
        .hasSize(600)
        .allMatch(e -> e.get("outcome").equals("success"))
        .allMatch(e -> num(e, "duration_seconds") < 1);
    assertThat(events(outs, "api_call"))
        .extracting(e -> e.get("api"))
        .contains("binance", "coingecko");
    assertThat(events(outs, "scan"))
        .hasSize(200)
        .allMatch(e -> num(e, "duration_seconds") <= 3)
        .allMatch(e -> num(e, "tokens_discovered") >= 150)
        .allMatch(e -> num(e, "tokens_approved") / num(e, "tokens_discovered") >= 0.25);
    List<Map<String, Object>> trades = events(outs, "trade");
    assertThat(trades).hasSize(200);
    // Failures evenly spaced: every window of 20 trades has exactly one (95%).
    for (int i = 0; i + 20 <= trades.size(); i++) {
      assertThat(trades.subList(i, i + 20))
          .filteredOn(e -> e.get("outcome").equals("failure"))
          .hasSize(1);
    }
    assertThat(events(outs, "heartbeat"))
        .extracting(e -> e.get("component"))
        .containsOnly("main", "scanner", "executor")
        .hasSize(600);
    assertThat(events(outs, "nonce")).allMatch(e -> e.get("outcome").equals("success"));
    assertThat(events(outs, "balance_check"))
        .hasSize(200)
        .allMatch(e -> num(e, "duration_seconds") < 2);
    assertThat(events(outs, "websocket"))
        .hasSize(200)
        .allMatch(e -> e.get("event").equals("connected") && e.get("stream").equals("prices"))
        .allMatch(e -> num(e, "latency_seconds") < 1);
    assertThat(outs.get(0).logs()).anyMatch(l -> l.message().equals("websocket prices connected"));
    assertThat(outs.get(1).logs()).noneMatch(l -> l.message().startsWith("websocket"));
    assertThat(events(outs, "error")).isEmpty();
    assertThat(outs.get(0).events())
        .allSatisfy(
            e -> {
              assertThat(e).containsEntry("bot", "paper");
              assertThat(num(e, "ts")).isEqualTo(T0 + 1);
            });

    Map<String, Object> state = outs.get(199).state();
    assertThat(state)
        .containsKeys(
            "version",
            "exchange",
            "strategy",
            "pnl",
            "balance",
            "open_positions",
            "max_positions",
            "kill_switches",
            "components",
            "data_updated",
            "emergency_mode",
            "trading_state",
            "nonce_generation_rate",
            "rate_limit_usage",
            "websockets");
    assertThat(state)
        .containsEntry("trading_state", "running")
        .containsEntry("emergency_mode", false)
        .containsEntry("data_updated", Map.of("prices", T0 + 200));
    assertThat(((Map<?, ?>) state.get("pnl")).get("daily"))
        .isInstanceOf(Double.class)
        .matches(d -> (Double) d > 0);
    assertThat((Integer) state.get("open_positions"))
        .isLessThan((Integer) state.get("max_positions"));
    assertThat(num(state, "nonce_generation_rate")).isGreaterThanOrEqualTo(4000);
    assertThat(map(state.get("components")))
        .containsOnlyKeys(Simulation.COMPONENTS)
        .allSatisfy((k, v) -> assertThat(v).isEqualTo(true));
    assertThat(outs.get(199).refreshedPrices()).containsOnlyKeys(Strategy.DEFAULT.pairs());
    assertThat(outs.get(199).logs())
        .anyMatch(l -> l.level().equals("INFO") && l.message().startsWith("tick 200"));
  }

  @Test
  void theSameSeedGivesTheSameBot() {
    Simulation a = new Simulation("paper", TradingConfig.defaults(), 99);
    Simulation b = new Simulation("paper", TradingConfig.defaults(), 99);
    for (int i = 0; i < 50; i++) {
      TickOutput x = a.tick(T0 + i, VALID);
      TickOutput y = b.tick(T0 + i, VALID);
      assertThat(x).isEqualTo(y);
    }
  }

  /** fault, what shows it in a tick, the control action that heals it, its body. */
  static Stream<Arguments> faults() {
    Predicate<TickOutput> apiErrors =
        o ->
            events(List.of(o), "api_call").stream().allMatch(e -> e.get("outcome").equals("error"));
    Predicate<TickOutput> apiSlow =
        o ->
            events(List.of(o), "api_call").stream()
                .allMatch(
                    e -> num(e, "duration_seconds") >= 15 && num(e, "duration_seconds") <= 40);
    Predicate<TickOutput> losses =
        o -> events(List.of(o), "trade").stream().allMatch(e -> e.get("outcome").equals("failure"));
    Predicate<TickOutput> flap =
        o ->
            events(List.of(o), "websocket").stream()
                    .map(e -> e.get("event"))
                    .toList()
                    .equals(List.of("reconnect", "disconnected"))
                && ((Map<?, ?>) ((Map<?, ?>) o.state().get("websockets")).get("prices"))
                    .get("connected")
                    .equals(false);
    Predicate<TickOutput> stale = o -> o.refreshedPrices() == null;
    Predicate<TickOutput> nonce =
        o -> events(List.of(o), "nonce").stream().allMatch(e -> e.get("outcome").equals("failure"));
    Predicate<TickOutput> slowScans =
        o ->
            events(List.of(o), "scan").stream()
                .allMatch(
                    e -> num(e, "duration_seconds") >= 60 && num(e, "duration_seconds") <= 120);
    Predicate<TickOutput> stalled = TickOutput::stalled;
    Predicate<TickOutput> scannerDown =
        o ->
            ((Map<?, ?>) o.state().get("components")).get("scanner").equals(false)
                && events(List.of(o), "scan").isEmpty();
    return Stream.of(
        Arguments.of(Fault.API_ERRORS, apiErrors, "reset-connections", Map.of()),
        Arguments.of(Fault.API_SLOW, apiSlow, "reset-connections", Map.of()),
        Arguments.of(Fault.LOSSES, losses, "reset-strategy", Map.of()),
        Arguments.of(Fault.WEBSOCKET_FLAP, flap, "reset-connections", Map.of()),
        Arguments.of(Fault.STALE_DATA, stale, "refresh-data", Map.of()),
        Arguments.of(Fault.NONCE_FAILURES, nonce, "reset-connections", Map.of()),
        Arguments.of(Fault.SLOW_SCANS, slowScans, "clear-cache", Map.of()),
        Arguments.of(Fault.STALL, stalled, "restart-component", Map.of("component", "main")),
        Arguments.of(
            Fault.COMPONENT_DOWN,
            scannerDown,
            "restart-component",
            Map.of("component", "scanner")));
  }

  @ParameterizedTest(name = "{0} is cleared by {2}")
  @MethodSource("faults")
  void eachFaultShowsUntilItsControlActionClearsIt(
      Fault fault, Predicate<TickOutput> shows, String action, Map<String, Object> body) {
    ticks(3);
    assertThat(shows).rejects(tick());
    controls.fault(fault, true, Map.of());
    assertThat(ticks(5)).allMatch(shows);
    // Other actions leave it alone.
    for (String other : List.of("refresh-auth", "cancel-orders")) {
      controls.control(other, Map.of());
    }
    assertThat(shows).accepts(tick());

    Controls.Result r = controls.control(action, body);
    assertThat(r.cleared()).contains(fault);
    assertThat(r.body()).containsEntry("action", action);
    tick(); // a reconnect announces itself on the first tick after
    assertThat(ticks(3)).noneMatch(shows);
    assertThat(sim.status())
        .extracting(s -> s.get("control_calls"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry(action, 1);
  }

  @Test
  void stallProducesNothingAtAll() {
    tick();
    controls.fault(Fault.STALL, true, Map.of());
    TickOutput o = tick();
    assertThat(o.events()).isEmpty();
    assertThat(o.logs()).isEmpty();
    assertThat(o.state()).isEmpty();
    assertThat(o.refreshedPrices()).isNull();
  }

  @Test
  void lossesDriveTheDailyPnlNegative() {
    controls.fault(Fault.LOSSES, true, Map.of());
    List<TickOutput> outs = ticks(30);
    Map<?, ?> pnl = (Map<?, ?>) outs.get(29).state().get("pnl");
    assertThat((Double) pnl.get("daily")).isLessThan(-100);
    assertThat(outs.get(29).logs()).anyMatch(l -> l.level().equals("WARNING"));
  }

  @Test
  void staleDataFreezesDataUpdated() {
    tick();
    Object before = tick().state().get("data_updated");
    controls.fault(Fault.STALE_DATA, true, Map.of());
    assertThat(ticks(5))
        .allSatisfy(o -> assertThat(o.state().get("data_updated")).isEqualTo(before));
    controls.control("refresh-data", Map.of());
    assertThat(tick().state().get("data_updated")).isEqualTo(Map.of("prices", now));
  }

  @Test
  void aBrokenConfigIsReportedUntilTheFileIsValidAgain() {
    tick();
    controls.fault(Fault.BROKEN_CONFIG, true, Map.of());
    tick(); // the file is overwritten off the loop: a read just before still finds it valid
    assertThat(sim.isActive(Fault.BROKEN_CONFIG)).isTrue();
    TickOutput o = sim.tick(now += 1, Strategy.Check.invalid("invalid JSON at line 1"));
    assertThat(events(List.of(o), "error"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e).containsEntry("component", "main").containsEntry("severity", "high"));
    assertThat(o.logs())
        .anyMatch(l -> l.level().equals("ERROR") && l.message().contains("invalid JSON"));
    assertThat(events(List.of(o), "trade"))
        .hasSize(1); // it keeps trading on the last good strategy
    assertThat(sim.status()).containsEntry("config_valid", false);
    assertThat(sim.isActive(Fault.BROKEN_CONFIG)).isTrue();

    Strategy restored = new Strategy("meanrev", 3, 20, List.of("BTC/USDT"));
    o = sim.tick(now += 1, Strategy.Check.valid(restored));
    assertThat(sim.isActive(Fault.BROKEN_CONFIG)).isFalse();
    assertThat(o.state()).containsEntry("strategy", "meanrev").containsEntry("max_positions", 3);
    assertThat(events(List.of(o), "error")).isEmpty();
    assertThat(o.logs()).anyMatch(l -> l.message().contains("valid again"));
  }

  @Test
  void componentDownTakesANamedComponentAndOnlyItsRestartOrMainHealsIt() {
    controls.fault(Fault.COMPONENT_DOWN, true, Map.of("component", "executor"));
    TickOutput o = tick();
    assertThat(map(o.state().get("components"))).containsEntry("executor", false);
    assertThat(events(List.of(o), "trade")).isEmpty();
    assertThat(events(List.of(o), "error"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .containsEntry("component", "executor")
                    .containsEntry("severity", "critical"));
    assertThat(controls.control("restart-component", Map.of("component", "scanner")).cleared())
        .isEmpty();
    assertThat(controls.control("restart-component", Map.of("component", "main")).cleared())
        .containsExactly(Fault.COMPONENT_DOWN);
    assertThat(map(tick().state().get("components"))).containsEntry("executor", true);
    assertThatThrownBy(() -> controls.fault(Fault.COMPONENT_DOWN, true, Map.of("component", "gpu")))
        .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.status()).isEqualTo(422));
  }

  @Test
  void stopTradingEmergencyAndResume() {
    controls.control("stop-trading", Map.of());
    TickOutput o = tick();
    assertThat(events(List.of(o), "trade")).isEmpty();
    assertThat(o.state()).containsEntry("trading_state", "paused");

    controls.control("resume", Map.of());
    controls.control("emergency-mode", Map.of("active", true));
    o = tick();
    assertThat(events(List.of(o), "trade")).isEmpty();
    assertThat(o.state())
        .containsEntry("emergency_mode", true)
        .containsEntry("trading_state", "stopped");
    controls.control("emergency-mode", Map.of("active", false));
    assertThat(tick().state())
        .containsEntry("emergency_mode", false)
        .containsEntry("trading_state", "running");

    controls.control("emergency-mode", Map.of("active", true));
    controls.control("resume", Map.of());
    o = tick();
    assertThat(o.state())
        .containsEntry("emergency_mode", false)
        .containsEntry("trading_state", "running");
    assertThat(events(List.of(o), "trade")).hasSize(1);
    assertThat(sim.status().get("control_calls"))
        .isEqualTo(Map.of("stop-trading", 1, "resume", 2, "emergency-mode", 3));
  }

  @Test
  void cancelOrdersAndLiquidate() {
    ticks(40);
    controls.control("cancel-orders", Map.of());
    assertThat(sim.status()).containsEntry("open_orders", 0);
    assertThatThrownBy(() -> controls.control("liquidate", Map.of()))
        .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.status()).isEqualTo(403));

    Simulation allowed =
        new Simulation("paper", new TradingConfig(null, null, null, null, true, null), 7);
    for (int i = 0; i < 40; i++) {
      allowed.tick(T0 + i, VALID);
    }
    int open = (Integer) allowed.status().get("open_positions");
    Controls.Result r = new Controls(allowed).control("liquidate", Map.of());
    assertThat(r.body()).containsEntry("closed", open);
    assertThat(allowed.status()).containsEntry("open_positions", 0);
  }

  @Test
  void badControlInput() {
    assertThatThrownBy(() -> controls.control("reboot", Map.of()))
        .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> controls.control("emergency-mode", Map.of()))
        .isInstanceOfSatisfying(
            ControlException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.field()).isEqualTo("active");
            });
    assertThatThrownBy(() -> controls.control("emergency-mode", Map.of("active", "yes")))
        .isInstanceOfSatisfying(
            ControlException.class, e -> assertThat(e.field()).isEqualTo("active"));
    assertThatThrownBy(() -> controls.control("restart-component", Map.of("component", 7)))
        .isInstanceOfSatisfying(
            ControlException.class, e -> assertThat(e.field()).isEqualTo("component"));
    assertThat(sim.status().get("control_calls"))
        .isEqualTo(Map.of("emergency-mode", 2, "restart-component", 1));
  }

  @Test
  void theDailyPnlStartsOverAtMidnightUtc() {
    double beforeMidnight = 1_795_046_399.0; // 23:59:59 UTC
    sim.tick(beforeMidnight - 10, VALID);
    sim.tick(beforeMidnight, VALID);
    Map<?, ?> pnl = (Map<?, ?>) sim.tick(beforeMidnight + 2, VALID).state().get("pnl");
    assertThat((Double) pnl.get("daily")).isLessThan((Double) pnl.get("total"));
  }

  @Test
  void apiErrorsCanFailAShareOfCallsEvenlySpaced() {
    controls.fault(Fault.API_ERRORS, true, Map.of("ratio", 0.01));
    List<TickOutput> outs = ticks(100);
    assertThat(events(outs, "api_call"))
        .hasSize(300)
        .filteredOn(e -> e.get("outcome").equals("error"))
        .hasSize(3);
    assertThat(sim.activeFaults().get(Fault.API_ERRORS)).isEqualTo(Map.of("ratio", 0.01));
  }

  @Test
  void lossesCanBeSizedAndFaultParametersAreChecked() {
    controls.fault(Fault.LOSSES, true, Map.of("loss_per_trade", 0));
    List<TickOutput> outs = ticks(10);
    assertThat(events(outs, "trade")).allMatch(e -> e.get("outcome").equals("failure"));
    Map<?, ?> pnl = (Map<?, ?>) outs.get(9).state().get("pnl");
    assertThat((Double) pnl.get("daily")).isEqualTo(0.0);
    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of("loss_per_trade", -1), Map.of("loss_per_trade", "x"), Map.of("los", 1))) {
      assertThatThrownBy(() -> controls.fault(Fault.LOSSES, true, bad))
          .isInstanceOfSatisfying(
              ControlException.class,
              e -> {
                assertThat(e.status()).isEqualTo(422);
                assertThat(e.field()).isEqualTo(bad.keySet().iterator().next());
              });
    }
    assertThatThrownBy(() -> controls.fault(Fault.API_ERRORS, true, Map.of("ratio", 2)))
        .isInstanceOfSatisfying(
            ControlException.class, e -> assertThat(e.field()).isEqualTo("ratio"));
    assertThatThrownBy(() -> controls.fault(Fault.STALL, true, Map.of("ratio", 1)))
        .isInstanceOfSatisfying(
            ControlException.class, e -> assertThat(e.field()).isEqualTo("ratio"));
  }

  /**
   * The default medium playbook sends {"component": "{{component}}"}, unrendered without the label.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"{{component}}", "", "gpu"})
  void restartingAnUnknownComponentRestartsMainAndHealsWhatMediumShould(String component) {
    controls.fault(Fault.LOSSES, true, Map.of());
    controls.fault(Fault.SLOW_SCANS, true, Map.of());
    controls.fault(Fault.COMPONENT_DOWN, true, Map.of("component", "executor"));
    controls.fault(Fault.STALL, true, Map.of());
    Controls.Result r = controls.control("restart-component", Map.of("component", component));
    assertThat(r.body()).containsEntry("component", "main");
    assertThat(r.cleared())
        .containsExactlyInAnyOrder(
            Fault.LOSSES, Fault.SLOW_SCANS, Fault.COMPONENT_DOWN, Fault.STALL);
    assertThat(controls.control("restart-component", Map.of()).body())
        .containsEntry("component", "main");
  }

  @Test
  void restartingTheScannerClearsSlowScansButNotLosses() {
    controls.fault(Fault.LOSSES, true, Map.of());
    controls.fault(Fault.SLOW_SCANS, true, Map.of());
    assertThat(controls.control("restart-component", Map.of("component", "scanner")).cleared())
        .containsExactly(Fault.SLOW_SCANS);
    assertThat(sim.isActive(Fault.LOSSES)).isTrue();
  }

  /** Resume is the demo's stand-in for the fix a person makes before resuming a real bot. */
  @Test
  void resumeClearsTheFaultsBehindEmergencyStopsAndNothingElse() {
    controls.fault(Fault.LOSSES, true, Map.of());
    controls.fault(Fault.API_ERRORS, true, Map.of());
    controls.fault(Fault.MEMORY_GROWTH, true, Map.of());
    controls.fault(Fault.WEBSOCKET_FLAP, true, Map.of());
    controls.control("stop-trading", Map.of());
    controls.control("emergency-mode", Map.of("active", true));
    Controls.Result r = controls.control("resume", Map.of());
    assertThat(r.cleared())
        .containsExactlyInAnyOrder(Fault.LOSSES, Fault.API_ERRORS, Fault.MEMORY_GROWTH);
    assertThat(r.body()).containsEntry("trading_state", "running");
    assertThat(sim.isActive(Fault.WEBSOCKET_FLAP)).isTrue();
    // Healthy again: every 20th trade fails, not every one.
    assertThat(events(ticks(20), "trade"))
        .filteredOn(t -> "success".equals(t.get("outcome")))
        .hasSizeGreaterThanOrEqualTo(18);
  }
}
