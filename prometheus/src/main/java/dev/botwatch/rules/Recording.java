package dev.botwatch.rules;

import java.util.List;
import java.util.Map;

/**
 * Recording rules, by rule group, evaluated before that group's alerts. Names follow {@code
 * level:metric:operations}; they are what alerts and dashboards share. {@code %Alert.key%} is a
 * number from thresholds.yml.
 */
final class Recording {
  private Recording() {}

  record Rule(String record, String expr) {}

  static final String HALTED = "bot:trading_halted:max";

  static Map<String, List<Rule>> byGroup() {
    return Map.of(
        "trading",
        List.of(
            new Rule("bot:trades:rate1h", "sum by (bot) (rate(bot_trades_total[1h]))"),
            new Rule("bot:trades:increase1h", "sum by (bot) (increase(bot_trades_total[1h]))"),
            // Failure-only hours must give 0, not no data: zero-filled from the failure series.
            new Rule(
                "bot:trade_success:ratio_rate1h",
                """
                sum by (bot) (rate(bot_trades_total{outcome="success"}[1h]) or 0 * rate(bot_trades_total[1h]))
                  /
                sum by (bot) (rate(bot_trades_total[1h]))"""),
            new Rule(
                "bot:trade_execution_seconds:p95_rate10m",
                "histogram_quantile(0.95, sum by (bot, le) (rate(bot_trade_execution_seconds_bucket[10m])))"),
            new Rule(
                "bot:balance_check_seconds:p95_rate5m",
                "histogram_quantile(0.95, sum by (bot, le) (rate(bot_balance_check_seconds_bucket[5m])))"),
            // 1 while the bot must not trade: a kill switch, the emergency mode, or not running.
            new Rule(
                HALTED,
                """
                max by (bot) (bot_kill_switch_active) > 0
                or max by (bot) (bot_emergency_mode) > 0
                or max by (bot) (bot_trading_state{state="running"}) == 0""")),
        "scanning",
        List.of(
            new Rule(
                "bot:scan_duration_seconds:mean15m",
                """
                sum by (bot) (rate(bot_scan_duration_seconds_sum[15m]))
                  /
                sum by (bot) (rate(bot_scan_duration_seconds_count[15m]))"""),
            new Rule("bot:scans:rate30m", "sum by (bot) (rate(bot_scans_total[30m]))"),
            new Rule(
                "bot:scan_tokens_discovered_per_scan:ratio_rate30m",
                "sum by (bot) (rate(bot_scan_tokens_discovered_total[30m])) / bot:scans:rate30m"),
            new Rule(
                "bot:scan_tokens_discovered:increase30m",
                "sum by (bot) (increase(bot_scan_tokens_discovered_total[30m]))"),
            new Rule(
                "bot:scan_tokens_approved:ratio_rate30m",
                """
                sum by (bot) (rate(bot_scan_tokens_approved_total[30m]))
                  /
                sum by (bot) (rate(bot_scan_tokens_discovered_total[30m]))""")),
        "api",
        List.of(
            new Rule("bot:api_requests:rate5m", "sum by (bot) (rate(bot_api_requests_total[5m]))"),
            new Rule(
                "bot:api_requests:increase5m",
                "sum by (bot) (increase(bot_api_requests_total[5m]))"),
            // Every outcome but success is an error: error, timeout and rate_limited all mean the
            // call did not do its job. No errors gives 0, not no data.
            new Rule(
                "bot:api_errors:ratio_rate5m",
                """
                sum by (bot) (rate(bot_api_requests_total{outcome!="success"}[5m]) or 0 * rate(bot_api_requests_total[5m]))
                  /
                bot:api_requests:rate5m"""),
            new Rule(
                "bot:api_request_duration_seconds:mean5m",
                """
                sum by (bot) (rate(bot_api_request_duration_seconds_sum[5m]))
                  /
                sum by (bot) (rate(bot_api_request_duration_seconds_count[5m]))""")),
        "host",
        List.of(
            new Rule(
                "instance:system_memory_used:ratio",
                "1 - system_memory_available_bytes / system_memory_total_bytes"),
            new Rule(
                "instance_mountpoint:system_filesystem_used:ratio",
                "1 - system_filesystem_avail_bytes / system_filesystem_size_bytes")),
        "health",
        List.of(
            new Rule(COMPONENT_STATUS, COMPONENT_STATUS_EXPR),
            new Rule(BOT_STATUS, BOT_STATUS_EXPR),
            new Rule(
                "bot:process_up:avg_over_time24h",
                "avg by (bot) (avg_over_time(bot_process_up[24h]))")));
  }

  static final String COMPONENT_STATUS = "bot_component:health:status";
  static final String BOT_STATUS = "bot:health:status";

  /**
   * A component is a {@code bot_component_up} series, or a firing bot alert (named {@code
   * alert:<alertname>} unless it carries a {@code component} label). 3 down, 2 critical alert, 1
   * warning alert, else 0; the highest wins.
   */
  static final String COMPONENT_STATUS_EXPR =
      """
      max by (bot, component) (
          label_replace(3 * (bot_component_up == bool 0), "source", "up", "", "")
        or label_replace(2 * ALERTS{alertstate="firing", severity="critical", bot!="", component!=""}, "source", "alert", "", "")
        or label_replace(ALERTS{alertstate="firing", severity="warning", bot!="", component!=""}, "source", "alert", "", "")
        or label_replace(2 * ALERTS{alertstate="firing", severity="critical", bot!="", component=""}, "component", "alert:$1", "alertname", "(.+)")
        or label_replace(ALERTS{alertstate="firing", severity="warning", bot!="", component=""}, "component", "alert:$1", "alertname", "(.+)")
      )""";

  /**
   * A bot's health from its components' (0 healthy, 1 warning, 2 critical, 3 down): down when its
   * process is; critical if a component is down or over the critical share are critical; warning if
   * any is critical or over the warning share are warning. The first matching line wins.
   */
  static final String BOT_STATUS_EXPR =
      """
      (max by (bot) (bot_process_up) == 0) + 3
      or (max by (bot) (bot_component:health:status) == 3) * 0 + 2
      or (count by (bot) (bot_component:health:status == 2) / count by (bot) (bot_component:health:status) > %health.critical_share%) * 0 + 2
      or count by (bot) (bot_component:health:status == 2) * 0 + 1
      or (count by (bot) (bot_component:health:status == 1) / count by (bot) (bot_component:health:status) > %health.warning_share%) * 0 + 1
      or max by (bot) (bot_process_up) * 0
      or max by (bot) (bot_component:health:status) * 0""";
}
