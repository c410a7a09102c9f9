package dev.botwatch.rules;

import static dev.botwatch.rules.Cmp.GT;
import static dev.botwatch.rules.Cmp.LE;
import static dev.botwatch.rules.Cmp.LT;

import java.util.ArrayList;
import java.util.List;

/**
 * The alert catalog as code (docs/alerts.md is generated from it): one entry per alert name, the
 * PromQL per severity, the labels, the annotations and the scenario its generated test drives.
 * Numbers are never here: {@code %T%} and {@code %key%} come from thresholds.yml. Rule groups (=
 * files) are listed in {@link #GROUPS}.
 */
public final class Catalog {
  public static final List<String> GROUPS =
      List.of("process", "trading", "scanning", "api", "files", "host", "botwatch", "health");

  private static final String NOT_HALTED = " unless on (bot) " + Recording.HALTED;

  /** A dead process is BotProcessDown's (one restart, not three alerts asking for it). */
  private static final String PROCESS_UP = " unless on (bot) max by (bot) (bot_process_up) == 0";

  private Catalog() {}

  public static List<AlertSpec> alerts() {
    List<AlertSpec> all = new ArrayList<>();
    all.addAll(process());
    all.addAll(trading());
    all.addAll(CatalogMore.scanning());
    all.addAll(CatalogMore.api());
    all.addAll(CatalogMore.files());
    all.addAll(CatalogMore.host());
    all.addAll(CatalogMore.botwatch());
    return all;
  }

  static AlertSpec a(String name, String group) {
    return new AlertSpec(name, group);
  }

  static List<AlertSpec> process() {
    return List.of(
        a("BotProcessDown", "process")
            .recovery("hard")
            .condition("bot process not running (`bot_process_up == 0`)")
            .when("critical", "bot_process_up == 0")
            .text(
                "Bot {{ $labels.bot }}: process down",
                "The process of bot {{ $labels.bot }} has not been running for %FOR% (bot_process_up is 0).")
            .scenario(p -> Scenarios.state(p, "bot_process_up", 0, 1)),
        a("BotComponentDown", "process")
            .recovery("medium")
            .condition("a component reports down (`bot_component_up == 0`)")
            .when("critical", "bot_component_up == 0")
            .text(
                "Bot {{ $labels.bot }}: component {{ $labels.component }} down",
                "Component {{ $labels.component }} of bot {{ $labels.bot }} has been down for %FOR%.")
            .fixed("component", "scanner")
            .scenario(p -> Scenarios.state(p, "bot_component_up", 0, 1)),
        a("BotRestartLoop", "process")
            .kind(Kind.COUNT)
            .condition("process restarts in 1h (`changes(bot_process_start_time_seconds[1h])`)")
            .level("critical", GT, "changes(bot_process_start_time_seconds[1h]) > %T%")
            .text(
                "Bot {{ $labels.bot }}: restart loop",
                "Bot {{ $labels.bot }} restarted %VALUE% times in the last hour (threshold %T%); automatic restarts cannot fix it.")
            .settle("15m")
            .scenario(
                p -> {
                  long n = Math.round(p.v());
                  p.values(
                      "bot_process_start_time_seconds", "1000+1x" + n + " " + (1000 + n) + "x200");
                }),
        a("BotLogInactive", "process")
            .recovery("hard")
            .kind(Kind.STALE)
            .condition("no write to any of the bot's log files within the window")
            .level(
                "critical",
                GT,
                "time() - max by (bot) (bot_log_last_write_timestamp_seconds)"
                    + " unless on (bot) sum by (bot) (changes(bot_log_last_write_timestamp_seconds[%W%])) > 0"
                    + PROCESS_UP)
            .text(
                "Bot {{ $labels.bot }}: no log output",
                "Bot {{ $labels.bot }} last wrote a log line %VALUE% ago (threshold %T%).")
            .settle("20m")
            .scenario(
                p ->
                    Scenarios.updatedUntil(
                        p, "bot_log_last_write_timestamp_seconds", "file", "bot.log")),
        a("BotHeartbeatStale", "process")
            .recovery("hard")
            .kind(Kind.STALE)
            .condition("no heartbeat event from a component within the window")
            .level(
                "critical",
                GT,
                "time() - bot_heartbeat_timestamp_seconds"
                    + " unless changes(bot_heartbeat_timestamp_seconds[%W%]) > 0"
                    + PROCESS_UP)
            .text(
                "Bot {{ $labels.bot }}: heartbeat stale ({{ $labels.component }})",
                "Component {{ $labels.component }} of bot {{ $labels.bot }} last sent a heartbeat %VALUE% ago (threshold %T%).")
            .fixed("component", "main")
            .settle("10m")
            .scenario(p -> Scenarios.updatedUntil(p, "bot_heartbeat_timestamp_seconds"))
            .gate(
                "process_down",
                p -> {
                  Scenarios.updatedUntil(p, "bot_heartbeat_timestamp_seconds");
                  p.gauge("bot_process_up", 0, "component", null);
                }),
        a("BotMemoryHigh", "process")
            .recovery("hard")
            .kind(Kind.BYTES)
            .condition("process resident memory (`bot_process_resident_memory_bytes`)")
            .level("warning", GT, "bot_process_resident_memory_bytes > %T%")
            .level("critical", GT, "bot_process_resident_memory_bytes > %T%")
            .text(
                "Bot {{ $labels.bot }}: memory high",
                "Bot {{ $labels.bot }} uses %VALUE% of resident memory (threshold %T%).")
            .scenario(p -> p.gauge("bot_process_resident_memory_bytes", p.v())),
        a("BotMemoryEmergency", "process")
            .recovery("emergency_stop")
            .kind(Kind.BYTES)
            .productionOnly()
            .condition("process resident memory, a multiple of BotMemoryHigh's warning")
            .level(
                "critical",
                GT,
                (th, pr) ->
                    th.num("BotMemoryHigh", "warning", pr)
                        * th.num("BotMemoryEmergency", "factor_of_warning", pr),
                "bot_process_resident_memory_bytes > %T%")
            .text(
                "Bot {{ $labels.bot }}: memory emergency",
                "Bot {{ $labels.bot }} uses %VALUE% of resident memory (emergency threshold %T%); trading is being stopped.")
            .scenario(p -> p.gauge("bot_process_resident_memory_bytes", p.v())));
  }

  static List<AlertSpec> trading() {
    // One trade a minute, v of them successful.
    Probe.Scenario success =
        p -> {
          p.counter("bot_trades_total", p.v(), "outcome", "success");
          p.counter("bot_trades_total", 1 - p.v(), "outcome", "failure");
        };
    // v trades an hour.
    Probe.Scenario trades = p -> p.counter("bot_trades_total", p.v() / 60, "outcome", "success");
    return List.of(
        a("BotTradeSuccessRateLow", "trading")
            .recovery("medium")
            .kind(Kind.RATIO)
            .condition(
                "successful / all trades over 1h, with at least `min_trades` trades, while trading is allowed")
            .level(
                "critical",
                LT,
                "bot:trade_success:ratio_rate1h < %T% and on (bot) bot:trades:increase1h >= %min_trades%"
                    + NOT_HALTED)
            .text(
                "Bot {{ $labels.bot }}: trade success rate low",
                "Only %VALUE% of the trades of bot {{ $labels.bot }} succeeded in the last hour (threshold %T%, at least %min_trades% trades).")
            .settle("1h")
            .scenario(p -> allowed(p, success))
            .gate(
                "too_few_trades",
                p -> {
                  p.counter("bot_trades_total", p.v() / 12, "outcome", "success");
                  p.counter("bot_trades_total", (1 - p.v()) / 12, "outcome", "failure");
                })
            .gate("kill_switch", p -> withHalt(p, success, Scenarios::killSwitchOn))
            .gate("paused", p -> withHalt(p, success, Scenarios::paused)),
        a("BotDailyLossLimit", "trading")
            .kind(Kind.NUMBER)
            .condition("daily PnL (`bot_pnl{period=\"daily\"}`), in the bot's currency")
            .level("critical", LT, "bot_pnl{period=\"daily\"} < %T%")
            .text(
                "Bot {{ $labels.bot }}: daily loss limit reached",
                "Daily PnL of bot {{ $labels.bot }} is %VALUE% {{ $labels.currency }} (limit %T%).")
            .fixed("period", "daily")
            .fixed("currency", "USDT")
            .scenario(p -> p.gauge("bot_pnl", p.v())),
        a("BotDailyLossEmergency", "trading")
            .recovery("emergency_stop")
            .kind(Kind.NUMBER)
            .productionOnly()
            .condition("daily PnL below a multiple of BotDailyLossLimit's limit")
            .level(
                "critical",
                LT,
                (th, pr) ->
                    th.num("BotDailyLossLimit", "critical", pr)
                        * th.num("BotDailyLossEmergency", "factor_of_limit", pr),
                "bot_pnl{period=\"daily\"} < %T%")
            .text(
                "Bot {{ $labels.bot }}: daily loss emergency",
                "Daily PnL of bot {{ $labels.bot }} is %VALUE% {{ $labels.currency }} (emergency threshold %T%); trading is being stopped.")
            .fixed("period", "daily")
            .fixed("currency", "USDT")
            .scenario(p -> p.gauge("bot_pnl", p.v())),
        a("BotTradeRateLow", "trading")
            .recovery("medium")
            .kind(Kind.COUNT)
            .condition(
                "trades in the last hour, while trading is allowed (no kill switch, no emergency, state running)")
            .level("warning", LT, "bot:trades:increase1h < %T%" + NOT_HALTED)
            .level("critical", LE, "bot:trades:increase1h <= %T%" + NOT_HALTED)
            .text(
                "Bot {{ $labels.bot }}: trade rate low",
                "Bot {{ $labels.bot }} made %VALUE% trades in the last hour (threshold %T%).")
            .settle("1h")
            .scenario(p -> allowed(p, trades))
            .gate("kill_switch", p -> withHalt(p, trades, Scenarios::killSwitchOn))
            .gate("emergency", p -> withHalt(p, trades, Scenarios::emergencyOn))
            .gate("paused", p -> withHalt(p, trades, Scenarios::paused)),
        a("BotTradeExecutionSlow", "trading")
            .kind(Kind.SECONDS)
            .condition("p95 trade execution time over 10m")
            .level("warning", GT, "bot:trade_execution_seconds:p95_rate10m > %T%")
            .text(
                "Bot {{ $labels.bot }}: trade execution slow",
                "95% of the trades of bot {{ $labels.bot }} executed within %VALUE% over 10m (threshold %T%).")
            .settle("10m")
            .scenario(p -> Scenarios.p95(p, "bot_trade_execution_seconds")),
        a("BotBalanceCheckSlow", "trading")
            .recovery("soft")
            .kind(Kind.SECONDS)
            .condition("p95 balance check time over 5m")
            .level("warning", GT, "bot:balance_check_seconds:p95_rate5m > %T%")
            .text(
                "Bot {{ $labels.bot }}: balance check slow",
                "95% of the balance checks of bot {{ $labels.bot }} took up to %VALUE% over 5m (threshold %T%).")
            .scenario(p -> Scenarios.p95(p, "bot_balance_check_seconds")),
        a("BotNonceFailures", "trading")
            .recovery("soft")
            .kind(Kind.COUNT)
            .condition("nonce failures in 5m")
            .level("warning", GT, "sum by (bot) (increase(bot_nonce_failures_total[5m])) > %T%")
            .text(
                "Bot {{ $labels.bot }}: nonce failures",
                "Bot {{ $labels.bot }} had %VALUE% nonce failures in 5m (threshold %T%).")
            .scenario(p -> p.counter("bot_nonce_failures_total", p.v() / 5)),
        a("BotNonceGenerationSlow", "trading")
            .recovery("soft")
            .kind(Kind.NUMBER)
            .condition("nonce generation rate per second (`bot_nonce_generation_rate`)")
            .level("critical", LT, "bot_nonce_generation_rate < %T%")
            .text(
                "Bot {{ $labels.bot }}: nonce generation slow",
                "Bot {{ $labels.bot }} generates %VALUE% nonces per second (threshold %T%/s).")
            .scenario(p -> p.gauge("bot_nonce_generation_rate", p.v())),
        a("BotPositionLimitReached", "trading")
            .condition("open positions ≥ max positions")
            .when("warning", "bot_open_positions >= bot_max_positions and bot_max_positions > 0")
            .text(
                "Bot {{ $labels.bot }}: position limit reached",
                "Bot {{ $labels.bot }} has held its maximum number of open positions for %FOR%; it cannot enter new trades.")
            .scenario(
                p -> {
                  p.gauge("bot_max_positions", 5);
                  p.gauge("bot_open_positions", p.v() > 0 ? 5 : 4);
                }),
        a("BotStrategyOverlap", "trading")
            .kind(Kind.COUNT)
            .condition("strategies trading the same symbol (`bot_strategy_overlaps`)")
            .level("warning", GT, "bot_strategy_overlaps > %T%")
            .text(
                "Bot {{ $labels.bot }}: strategy overlap",
                "Bot {{ $labels.bot }} has %VALUE% overlapping strategies (threshold %T%).")
            .scenario(p -> p.gauge("bot_strategy_overlaps", p.v())),
        a("BotSymbolsOnProbation", "trading")
            .kind(Kind.COUNT)
            .condition("symbols on probation (`bot_symbols_on_probation`)")
            .level("warning", GT, "bot_symbols_on_probation > %T%")
            .text(
                "Bot {{ $labels.bot }}: symbols on probation",
                "Bot {{ $labels.bot }} has %VALUE% symbols on probation (threshold %T%).")
            .scenario(p -> p.gauge("bot_symbols_on_probation", p.v())),
        a("BotKillSwitchActive", "trading")
            .condition("a kill switch is on (`bot_kill_switch_active`)")
            .when("critical", "bot_kill_switch_active > 0")
            .text(
                "Bot {{ $labels.bot }}: kill switch {{ $labels.switch }} active",
                "Kill switch {{ $labels.switch }} of bot {{ $labels.bot }} has been on for %FOR%; the bot does not open trades.")
            .fixed("switch", "daily_loss")
            .scenario(p -> p.gauge("bot_kill_switch_active", p.v())),
        a("BotKillSwitchOverdue", "trading")
            .kind(Kind.AGE)
            .condition("a kill switch still on past its blocked-until time")
            .level(
                "critical",
                GT,
                "(time() - bot_kill_switch_blocked_until_timestamp_seconds > %T%)"
                    + " and on (bot, switch) bot_kill_switch_blocked_until_timestamp_seconds > 0"
                    + " and on (bot, switch) bot_kill_switch_active > 0")
            .text(
                "Bot {{ $labels.bot }}: kill switch {{ $labels.switch }} overdue",
                "Kill switch {{ $labels.switch }} of bot {{ $labels.bot }} is still on %VALUE% after its blocked-until time (grace %T%); it needs a person.")
            .fixed("switch", "daily_loss")
            .settle("30m") // so that blocked-until (t - age) is a real, positive timestamp
            .scenario(
                p -> {
                  p.gauge("bot_kill_switch_blocked_until_timestamp_seconds", p.t() - p.v());
                  p.gauge("bot_kill_switch_active", 1);
                })
            .gate(
                "switch_off",
                p -> {
                  p.gauge("bot_kill_switch_blocked_until_timestamp_seconds", p.t() - p.v());
                  p.gauge("bot_kill_switch_active", 0);
                })
            .gate(
                "no_deadline",
                p -> {
                  p.gauge("bot_kill_switch_blocked_until_timestamp_seconds", 0);
                  p.gauge("bot_kill_switch_active", 1);
                }),
        a("BotEmergencyMode", "trading")
            .condition("emergency mode latched, by the bot or by the responder")
            .when(
                "critical",
                "max by (bot) (bot_emergency_mode) > 0 or max by (bot) (responder_emergency_active) > 0")
            .text(
                "Bot {{ $labels.bot }}: emergency mode",
                "Bot {{ $labels.bot }} has been in emergency mode for %FOR%; only a person resumes it.")
            .scenario(p -> p.gauge("bot_emergency_mode", p.v()))
            .extra(
                "responder_latched",
                p -> {
                  p.gauge("bot_emergency_mode", 0);
                  p.gauge("responder_emergency_active", 1);
                }));
  }

  /** The scenario on a bot that may trade: switches off, state running (series present at 0). */
  private static void allowed(Probe p, Probe.Scenario base) {
    base.build(p);
    Scenarios.tradingAllowed(p);
  }

  /** The scenario on a halted bot: the alert must stay silent however bad the value. */
  private static void withHalt(Probe p, Probe.Scenario base, Probe.Scenario halt) {
    base.build(p);
    halt.build(p);
  }
}
