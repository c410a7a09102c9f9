package dev.botwatch.exporter.ingest;

import dev.botwatch.exporter.config.BotInfo;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
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
 * bot_open_positions  bot_open_entry_orders    bot_max_positions
 * bot_symbols_on_probation                     bot_strategy_overlaps
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

  /** Drops the bot's snapshot (an expired bot). */
  public void forget(String bot) {
    states.remove(bot);
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
    StateMetrics.Out out = new StateMetrics.Out();
    for (String bot : bots) {
      BotState s = states.get(bot);
      BotInfo c = configured.getOrDefault(bot, BotInfo.EMPTY);
      out.add(
          StateMetrics.INFO,
          bot,
          1.0,
          first(s == null ? null : s.version(), c.version()),
          first(s == null ? null : s.exchange(), c.exchange()),
          first(s == null ? null : s.strategy(), c.strategy()),
          first(s == null ? null : s.profile(), c.profile()));
      if (s != null) {
        StateMetrics.render(out, bot, s);
      }
    }
    return out.build();
  }

  private static String first(String a, String b) {
    return Objects.requireNonNullElse(a != null ? a : b, "");
  }
}
