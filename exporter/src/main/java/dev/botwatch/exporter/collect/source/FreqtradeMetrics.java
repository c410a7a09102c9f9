package dev.botwatch.exporter.collect.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps one poll of a Freqtrade REST API (endpoint name -> parsed body; an endpoint the bot's
 * version lacks is absent) onto the bot_* catalog. Pure. A JSON null becomes NaN; a field missing
 * altogether leaves its series out. Field names follow Freqtrade's api_schemas.py.
 */
final class FreqtradeMetrics {
  /** Balances of more currencies than this are cut: dust must not explode the series count. */
  static final int MAX_CURRENCIES = 50;

  private FreqtradeMetrics() {}

  static void export(String bot, Map<String, JsonNode> api, MetricsOut out) {
    JsonNode config = api.get("show_config");
    JsonNode profit = api.get("profit");
    String stake = text(config, "stake_currency", "");

    if (profit != null) {
      if (profit.has("winning_trades") || profit.has("losing_trades")) {
        counterOf(out, bot, "success", profit.get("winning_trades"));
        counterOf(out, bot, "failure", profit.get("losing_trades"));
      }
      if (profit.has("profit_all_coin")) {
        out.gauge(
            "bot_pnl",
            "Profit and loss of the bot, by period, in the given currency.",
            num(profit.get("profit_all_coin")),
            "bot",
            bot,
            "period",
            "total",
            "currency",
            stake);
      }
    }
    JsonNode daily = api.get("daily");
    if (daily != null && daily.path("data").isArray() && daily.path("data").size() > 0) {
      // Freqtrade lists days newest first; timescale=1 asks for today only
      JsonNode today = daily.path("data").get(0);
      if (today.has("abs_profit")) {
        out.gauge(
            "bot_pnl",
            "Profit and loss of the bot, by period, in the given currency.",
            num(today.get("abs_profit")),
            "bot",
            bot,
            "period",
            "daily",
            "currency",
            text(daily, "stake_currency", stake));
      }
    }
    JsonNode status = api.get("status");
    if (status != null && status.isArray()) {
      FreqtradeTrades.Counts open = FreqtradeTrades.count(status);
      out.gauge("bot_open_positions", "Positions open now (filled).", open.positions(), "bot", bot);
      out.gauge(
          "bot_open_entry_orders",
          "Entry orders placed but not filled yet.",
          open.entryOrders(),
          "bot",
          bot);
    }
    if (config != null && config.has("max_open_trades")) {
      JsonNode max = config.get("max_open_trades");
      // -1 and inf both mean "no limit" in Freqtrade
      double v =
          max.isNumber() && max.asDouble() >= 0
              ? max.asDouble()
              : max.isNull() ? Double.NaN : Double.POSITIVE_INFINITY;
      out.gauge("bot_max_positions", "Most positions the bot may hold at once.", v, "bot", bot);
    }
    JsonNode balance = api.get("balance");
    if (balance != null && balance.path("currencies").isArray()) {
      int n = 0;
      Set<String> seen = new LinkedHashSet<>();
      for (JsonNode c : balance.path("currencies")) {
        String cur = text(c, "currency", null);
        if (cur == null || !seen.add(cur) || n++ >= MAX_CURRENCIES) {
          continue;
        }
        out.gauge(
            "bot_balance",
            "Balance of the bot's account, per currency.",
            num(c.get("balance")),
            "bot",
            bot,
            "currency",
            cur);
      }
    }
    JsonNode locks = api.get("locks");
    if (locks != null && locks.path("locks").isArray()) {
      Set<String> pairs = new LinkedHashSet<>();
      for (JsonNode l : locks.path("locks")) {
        if (l.path("active").asBoolean(true)) {
          pairs.add(l.path("pair").asText());
        }
      }
      out.gauge(
          "bot_symbols_on_probation",
          "Symbols the bot may not trade for now (Freqtrade pair locks).",
          pairs.size(),
          "bot",
          bot);
    }
    JsonNode health = api.get("health");
    if (health != null && health.has("last_process_ts")) {
      out.gauge(
          "bot_heartbeat_timestamp_seconds",
          "Last heartbeat of a bot component, Unix seconds.",
          num(health.get("last_process_ts")),
          "bot",
          bot,
          "component",
          "freqtrade");
    }
    if (config != null && config.has("state")) {
      String current = tradingState(config.get("state").asText(), config.get("max_open_trades"));
      for (String s : new String[] {"running", "paused", "stopped"}) {
        out.gauge(
            "bot_trading_state",
            "The bot's trading state: 1 for the current one.",
            s.equals(current) ? 1 : 0,
            "bot",
            bot,
            "state",
            s);
      }
    }
    if (config != null) {
      // A gauge named bot_info, as the state collector exports it: one family type per name, or
      // the merged exposition would carry two TYPE lines for bot_info.
      out.gauge(
          "bot_info",
          "Static facts about the bot; always 1.",
          1,
          "bot",
          bot,
          "version",
          text(config, "version", ""),
          "exchange",
          text(config, "exchange", ""),
          "strategy",
          text(config, "strategy", ""));
    }
  }

  /**
   * Freqtrade's state onto the catalog's. Entries stopped is {@code paused}: the state itself on
   * 2025.4+ ({@code /pause}); before that {@code /stopentry} left the state {@code running} and set
   * {@code max_open_trades} to 0, which is then the only sign.
   */
  static String tradingState(String freqtrade, JsonNode maxOpenTrades) {
    String s = tradingState(freqtrade);
    boolean noEntries =
        maxOpenTrades != null && maxOpenTrades.isNumber() && maxOpenTrades.asDouble() == 0;
    return s.equals("running") && noEntries ? "paused" : s;
  }

  /** Freqtrade's state names onto the catalog's. */
  static String tradingState(String freqtrade) {
    return switch (freqtrade.toLowerCase(Locale.ROOT)) {
      case "running" -> "running";
      case "paused", "stopbuy", "stopentry" -> "paused";
      case "stopped" -> "stopped";
      default -> "unknown"; // reload_config and future states: none of the three is 1
    };
  }

  private static void counterOf(MetricsOut out, String bot, String outcome, JsonNode n) {
    double v = num(n);
    if (!Double.isNaN(v)) { // a counter must never be NaN
      out.counter(
          "bot_trades", "Closed trades of the bot, by outcome.", v, "bot", bot, "outcome", outcome);
    }
  }

  static double num(JsonNode n) {
    return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
  }

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }
}
