package dev.botwatch.demobot.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two pictures of a {@link Simulation}: the bot contract's state snapshot (what the exporter
 * gets every tick) and the fuller {@code /status} view (faults, control call counts, counters).
 * Callers hold the simulation's lock.
 */
final class Snapshots {
  private Snapshots() {}

  /** The state snapshot of the bot contract. */
  static Map<String, Object> state(Simulation sim, double now) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("version", sim.trading.version());
    s.put("exchange", sim.trading.exchange());
    s.put("strategy", sim.strategy.name());
    s.put(
        "pnl",
        Map.of("daily", sim.pnlDaily, "total", sim.pnlTotal, "currency", sim.trading.currency()));
    s.put(
        "balance",
        Map.of(
            sim.trading.currency(),
            Simulation.round(sim.trading.startingBalance() + sim.pnlTotal)));
    s.put("open_positions", sim.openPositions);
    s.put("max_positions", sim.strategy.maxPositions());
    s.put("kill_switches", Map.of("daily_loss", Map.of("active", false)));
    s.put("symbols_on_probation", 0);
    s.put("strategy_overlaps", 0);
    s.put("components", new LinkedHashMap<>(sim.components));
    if (!Double.isNaN(sim.dataUpdated)) {
      s.put("data_updated", Map.of(Simulation.DATA_SOURCE, sim.dataUpdated));
    }
    s.put("emergency_mode", sim.emergency);
    s.put("trading_state", sim.effectiveTradingState());
    s.put("nonce_generation_rate", (double) Math.round(sim.between(4000, 6000)));
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put(sim.trading.exchange(), sim.between(0.2, 0.45));
    usage.put(Simulation.PRICE_API, sim.between(0.1, 0.3));
    s.put("rate_limit_usage", usage);
    Map<String, Object> ws = new LinkedHashMap<>();
    ws.put("connected", sim.wsConnected);
    if (sim.wsConnected) {
      ws.put("latency_seconds", sim.between(0.02, 0.2));
    }
    s.put("websockets", Map.of(Simulation.STREAM, ws));
    return s;
  }

  /** What {@code GET /status} shows of the simulation. */
  static Map<String, Object> status(Simulation sim) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("bot", sim.bot);
    s.put("ticks", sim.ticks);
    s.put("trading_state", sim.effectiveTradingState());
    s.put("emergency_mode", sim.emergency);
    s.put("trading_allowed", sim.tradingAllowed());
    s.put("strategy", sim.strategy.name());
    s.put("config_valid", sim.configError == null);
    if (sim.configError != null) {
      s.put("config_error", sim.configError);
    }
    s.put(
        "pnl",
        Map.of("daily", sim.pnlDaily, "total", sim.pnlTotal, "currency", sim.trading.currency()));
    s.put("balance", Simulation.round(sim.trading.startingBalance() + sim.pnlTotal));
    s.put("open_positions", sim.openPositions);
    s.put("max_positions", sim.strategy.maxPositions());
    s.put("open_orders", sim.openOrders);
    s.put("trades", sim.trades);
    s.put("trade_failures", sim.tradeFailures);
    s.put("api_calls", sim.apiCalls);
    s.put("api_errors", sim.apiErrors);
    s.put("components", new LinkedHashMap<>(sim.components));
    s.put("websocket_connected", sim.wsConnected);
    if (!Double.isNaN(sim.dataUpdated)) {
      s.put("data_updated", sim.dataUpdated);
    }
    Map<String, Object> f = new LinkedHashMap<>();
    sim.faults.forEach((k, v) -> f.put(k.wireName(), v));
    s.put("faults", f);
    s.put("control_calls", new TreeMap<>(sim.controlCalls));
    return s;
  }
}
