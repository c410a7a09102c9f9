package dev.botwatch.exporter.ingest;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gauge families of a bot's state snapshot, each described once (name, help, the labels after
 * {@code bot}), and how one {@link BotState} fills them. A field the bot left out adds nothing,
 * never a zero.
 */
final class StateMetrics {
  /** One gauge family: every point carries {@code bot} and then {@code labels}, in this order. */
  record Family(String name, String help, List<String> labels) {
    Family(String name, String help, String... labels) {
      this(name, help, List.of(labels));
    }
  }

  static final Family INFO =
      new Family(
          "bot_info",
          "Static facts about the bot; always 1.",
          "version",
          "exchange",
          "strategy",
          "profile");
  static final Family PNL =
      new Family(
          "bot_pnl", "Profit and loss over the period, in the currency.", "period", "currency");
  static final Family BALANCE = new Family("bot_balance", "Balance held, by currency.", "currency");
  static final Family OPEN_POSITIONS =
      new Family("bot_open_positions", "Positions open now (filled).");
  static final Family OPEN_ENTRY_ORDERS =
      new Family("bot_open_entry_orders", "Entry orders placed but not filled yet.");
  static final Family MAX_POSITIONS =
      new Family("bot_max_positions", "Most positions the bot may hold.");
  static final Family KILL_SWITCH_ACTIVE =
      new Family(
          "bot_kill_switch_active", "Whether the kill switch is on (1) or off (0).", "switch");
  static final Family KILL_SWITCH_BLOCKED_UNTIL =
      new Family(
          "bot_kill_switch_blocked_until_timestamp_seconds",
          "Unix time until which the kill switch blocks trading.",
          "switch");
  static final Family SYMBOLS_ON_PROBATION =
      new Family("bot_symbols_on_probation", "Symbols the bot has put on probation.");
  static final Family STRATEGY_OVERLAPS =
      new Family("bot_strategy_overlaps", "Symbols traded by more than one strategy at once.");
  static final Family COMPONENT_UP =
      new Family(
          "bot_component_up", "Whether the bot component is up (1) or down (0).", "component");
  static final Family DATA_UPDATED =
      new Family(
          "bot_data_updated_timestamp_seconds",
          "Unix time the data source was last updated.",
          "source");
  static final Family EMERGENCY_MODE =
      new Family(
          "bot_emergency_mode", "Whether the bot's emergency mode is latched (1) or not (0).");
  static final Family TRADING_STATE =
      new Family("bot_trading_state", "The bot's trading state: 1 for the current one.", "state");
  static final Family NONCE_GENERATION_RATE =
      new Family("bot_nonce_generation_rate", "Nonces generated per second.");
  static final Family RATE_LIMIT_USAGE =
      new Family(
          "bot_api_rate_limit_usage_ratio", "Share of the API rate limit in use (0-1).", "api");
  static final Family WEBSOCKET_CONNECTED =
      new Family(
          "bot_websocket_connected",
          "Whether the websocket stream is connected (1) or not.",
          "stream");
  static final Family WEBSOCKET_LATENCY =
      new Family("bot_websocket_latency_seconds", "Last reported websocket latency.", "stream");

  /** The points of one rendering, family by family, in first-seen order. */
  static final class Out {
    private final Map<String, GaugeSnapshot.Builder> families = new LinkedHashMap<>();

    /**
     * Adds one point of {@code family} for {@code bot}, with one value per label of the family; a
     * null value is a field the bot left out, so nothing is added.
     */
    void add(Family family, String bot, Double value, String... labelValues) {
      if (labelValues.length != family.labels().size()) {
        throw new IllegalArgumentException(family.name() + " takes labels " + family.labels());
      }
      if (value == null) {
        return;
      }
      String[] pairs = new String[2 + 2 * labelValues.length];
      pairs[0] = "bot";
      pairs[1] = bot;
      for (int i = 0; i < labelValues.length; i++) {
        pairs[2 + 2 * i] = family.labels().get(i);
        pairs[3 + 2 * i] = labelValues[i];
      }
      families
          .computeIfAbsent(family.name(), n -> GaugeSnapshot.builder().name(n).help(family.help()))
          .dataPoint(
              GaugeDataPointSnapshot.builder().labels(Labels.of(pairs)).value(value).build());
    }

    MetricSnapshots build() {
      List<MetricSnapshot> list = new ArrayList<>(families.size());
      families.values().forEach(b -> list.add(b.build()));
      return new MetricSnapshots(list);
    }
  }

  private StateMetrics() {}

  static void render(Out out, String bot, BotState s) {
    if (s.pnl() != null) {
      String currency = s.pnl().currency();
      out.add(PNL, bot, s.pnl().daily(), "daily", currency);
      out.add(PNL, bot, s.pnl().total(), "total", currency);
    }
    s.balance().forEach((currency, v) -> out.add(BALANCE, bot, v, currency));
    out.add(OPEN_POSITIONS, bot, s.openPositions());
    out.add(OPEN_ENTRY_ORDERS, bot, s.openEntryOrders());
    out.add(MAX_POSITIONS, bot, s.maxPositions());
    s.killSwitches()
        .forEach(
            (sw, k) -> {
              out.add(KILL_SWITCH_ACTIVE, bot, flag(k.active()), sw);
              out.add(KILL_SWITCH_BLOCKED_UNTIL, bot, k.blockedUntil(), sw);
            });
    out.add(SYMBOLS_ON_PROBATION, bot, s.symbolsOnProbation());
    out.add(STRATEGY_OVERLAPS, bot, s.strategyOverlaps());
    s.components().forEach((c, up) -> out.add(COMPONENT_UP, bot, flag(up), c));
    s.dataUpdated().forEach((source, ts) -> out.add(DATA_UPDATED, bot, ts, source));
    out.add(EMERGENCY_MODE, bot, flag(s.emergencyMode()));
    if (s.tradingState() != null) {
      for (String st : List.of("paused", "running", "stopped")) {
        out.add(TRADING_STATE, bot, flag(st.equals(s.tradingState())), st);
      }
    }
    out.add(NONCE_GENERATION_RATE, bot, s.nonceGenerationRate());
    s.rateLimitUsage().forEach((api, r) -> out.add(RATE_LIMIT_USAGE, bot, r, api));
    s.websockets()
        .forEach(
            (stream, w) -> {
              out.add(WEBSOCKET_CONNECTED, bot, flag(w.connected()), stream);
              out.add(WEBSOCKET_LATENCY, bot, w.latencySeconds(), stream);
            });
  }

  /** 1 or 0; null (not sent) stays null, so no point is added. */
  private static Double flag(Boolean b) {
    return b == null ? null : b ? 1.0 : 0.0;
  }
}
