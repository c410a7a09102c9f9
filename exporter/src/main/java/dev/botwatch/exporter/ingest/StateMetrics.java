package dev.botwatch.exporter.ingest;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;
import java.util.Map;

/**
 * Turns one bot's {@link BotState} into gauge data points, family by family (the list is in {@link
 * StateCollector}'s comment). A field the bot left out adds nothing, never a zero.
 */
final class StateMetrics {
  private StateMetrics() {}

  static void render(Map<String, GaugeSnapshot.Builder> out, String bot, BotState s) {
    if (s.pnl() != null) {
      String h = "Profit and loss over the period, in the currency.";
      put(
          out,
          "bot_pnl",
          h,
          s.pnl().daily(),
          "bot",
          bot,
          "period",
          "daily",
          "currency",
          s.pnl().currency());
      put(
          out,
          "bot_pnl",
          h,
          s.pnl().total(),
          "bot",
          bot,
          "period",
          "total",
          "currency",
          s.pnl().currency());
    }
    s.balance()
        .forEach(
            (cur, v) ->
                put(
                    out,
                    "bot_balance",
                    "Balance held, by currency.",
                    v,
                    "bot",
                    bot,
                    "currency",
                    cur));
    put(out, "bot_open_positions", "Positions open now (filled).", s.openPositions(), "bot", bot);
    put(
        out,
        "bot_open_entry_orders",
        "Entry orders placed but not filled yet.",
        s.openEntryOrders(),
        "bot",
        bot);
    put(out, "bot_max_positions", "Most positions the bot may hold.", s.maxPositions(), "bot", bot);
    s.killSwitches()
        .forEach(
            (sw, k) -> {
              put(
                  out,
                  "bot_kill_switch_active",
                  "Whether the kill switch is on (1) or off (0).",
                  k.active() ? 1.0 : 0.0,
                  "bot",
                  bot,
                  "switch",
                  sw);
              put(
                  out,
                  "bot_kill_switch_blocked_until_timestamp_seconds",
                  "Unix time until which the kill switch blocks trading.",
                  k.blockedUntil(),
                  "bot",
                  bot,
                  "switch",
                  sw);
            });
    put(
        out,
        "bot_symbols_on_probation",
        "Symbols the bot has put on probation.",
        s.symbolsOnProbation(),
        "bot",
        bot);
    put(
        out,
        "bot_strategy_overlaps",
        "Symbols traded by more than one strategy at once.",
        s.strategyOverlaps(),
        "bot",
        bot);
    s.components()
        .forEach(
            (c, up) ->
                put(
                    out,
                    "bot_component_up",
                    "Whether the bot component is up (1) or down (0).",
                    up ? 1.0 : 0.0,
                    "bot",
                    bot,
                    "component",
                    c));
    s.dataUpdated()
        .forEach(
            (src, ts) ->
                put(
                    out,
                    "bot_data_updated_timestamp_seconds",
                    "Unix time the data source was last updated.",
                    ts,
                    "bot",
                    bot,
                    "source",
                    src));
    if (s.emergencyMode() != null) {
      put(
          out,
          "bot_emergency_mode",
          "Whether the bot's emergency mode is latched (1) or not (0).",
          s.emergencyMode() ? 1.0 : 0.0,
          "bot",
          bot);
    }
    if (s.tradingState() != null) {
      for (String st : List.of("paused", "running", "stopped")) {
        put(
            out,
            "bot_trading_state",
            "The bot's trading state: 1 for the current one.",
            st.equals(s.tradingState()) ? 1.0 : 0.0,
            "bot",
            bot,
            "state",
            st);
      }
    }
    put(
        out,
        "bot_nonce_generation_rate",
        "Nonces generated per second.",
        s.nonceGenerationRate(),
        "bot",
        bot);
    s.rateLimitUsage()
        .forEach(
            (api, r) ->
                put(
                    out,
                    "bot_api_rate_limit_usage_ratio",
                    "Share of the API rate limit in use (0-1).",
                    r,
                    "bot",
                    bot,
                    "api",
                    api));
    s.websockets()
        .forEach(
            (stream, w) -> {
              if (w.connected() != null) {
                put(
                    out,
                    "bot_websocket_connected",
                    "Whether the websocket stream is connected (1) or not.",
                    w.connected() ? 1.0 : 0.0,
                    "bot",
                    bot,
                    "stream",
                    stream);
              }
              put(
                  out,
                  "bot_websocket_latency_seconds",
                  "Last reported websocket latency.",
                  w.latencySeconds(),
                  "bot",
                  bot,
                  "stream",
                  stream);
            });
  }

  /** Adds one point; a null value is a field the bot left out, so nothing is added. */
  static void put(
      Map<String, GaugeSnapshot.Builder> out,
      String name,
      String help,
      Double value,
      String... labels) {
    if (value == null) {
      return;
    }
    out.computeIfAbsent(name, n -> GaugeSnapshot.builder().name(n).help(help))
        .dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build());
  }
}
