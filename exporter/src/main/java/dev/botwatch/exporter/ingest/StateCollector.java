package dev.botwatch.exporter.ingest;

import dev.botwatch.exporter.config.BotInfo;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds each bot's latest state snapshot (a PUT replaces the previous one whole) and renders it at
 * scrape time; rendering is a walk over a few maps, no I/O. Exports, every series with {@code bot}:
 *
 * <pre>
 * bot_info{version,exchange,strategy,profile} 1   state fields, else config bots.&lt;name&gt;.info
 * bot_pnl{period=daily|total,currency}         bot_balance{currency}
 * bot_open_positions  bot_max_positions        bot_symbols_on_probation  bot_strategy_overlaps
 * bot_kill_switch_active{switch}               bot_kill_switch_blocked_until_timestamp_seconds{switch}
 * bot_component_up{component}                  bot_data_updated_timestamp_seconds{source}
 * bot_emergency_mode                           bot_trading_state{state} (1 for the current)
 * bot_nonce_generation_rate                    bot_api_rate_limit_usage_ratio{api}
 * bot_websocket_connected{stream}              bot_websocket_latency_seconds{stream}
 * </pre>
 */
public final class StateCollector implements MultiCollector {
  private final Map<String, BotState> states = new ConcurrentHashMap<>();
  private final Map<String, BotInfo> configured;

  public StateCollector(Map<String, BotInfo> configured) {
    this.configured = Map.copyOf(configured);
  }

  /** Replaces the bot's snapshot. */
  public void put(String bot, BotState state) {
    states.put(bot, state);
  }

  public BotState get(String bot) {
    return states.get(bot);
  }

  /** The bots' snapshots, with bot_info for every bot that sent one. */
  @Override
  public MetricSnapshots collect() {
    return render(new TreeSet<>(states.keySet()));
  }

  /**
   * bot_info from config alone, for configured bots that sent no snapshot. Kept apart so the
   * exporter can rank it below bot_info from other sources (the Freqtrade API): one series per bot.
   */
  public MetricSnapshots configuredInfo() {
    TreeSet<String> bots = new TreeSet<>(configured.keySet());
    bots.removeAll(states.keySet());
    return render(bots);
  }

  private MetricSnapshots render(TreeSet<String> bots) {
    Map<String, GaugeSnapshot.Builder> out = new LinkedHashMap<>();
    for (String bot : bots) {
      BotState s = states.get(bot);
      BotInfo c = configured.getOrDefault(bot, BotInfo.EMPTY);
      put(
          out,
          "bot_info",
          "Static facts about the bot; always 1.",
          1.0,
          "bot",
          bot,
          "version",
          first(s == null ? null : s.version(), c.version()),
          "exchange",
          first(s == null ? null : s.exchange(), c.exchange()),
          "strategy",
          first(s == null ? null : s.strategy(), c.strategy()),
          "profile",
          first(s == null ? null : s.profile(), c.profile()));
      if (s != null) {
        render(out, bot, s);
      }
    }
    List<MetricSnapshot> list = new ArrayList<>(out.size());
    out.values().forEach(b -> list.add(b.build()));
    return new MetricSnapshots(list);
  }

  private static void render(Map<String, GaugeSnapshot.Builder> out, String bot, BotState s) {
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
    put(out, "bot_open_positions", "Positions open now.", s.openPositions(), "bot", bot);
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
  private static void put(
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

  private static String first(String a, String b) {
    return Objects.requireNonNullElse(a != null ? a : b, "");
  }
}
