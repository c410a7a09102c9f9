package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@link HostLabel} rewrites the catalog's one-host PromQL. */
class HostLabelTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sum by (bot) (rate(bot_trades_total[1h])) | sum by (host, bot) (rate(bot_trades_total[1h]))",
        "histogram_quantile(0.95, sum by (bot, le) (rate(b_bucket[10m]))) | histogram_quantile(0.95, sum by (host, bot, le) (rate(b_bucket[10m])))",
        "r < 0.9 and on (bot) bot:trades:increase1h >= 10 | r < 0.9 and on (host, bot) bot:trades:increase1h >= 10",
        "x > 0 and on (bot, switch) bot_kill_switch_active > 0 | x > 0 and on (host, bot, switch) bot_kill_switch_active > 0",
        "t unless on (bot) max by (bot) (bot_process_up) == 0 | t unless on (host, bot) max by (host, bot) (bot_process_up) == 0",
        "max by (bot, component) (label_replace(up, 'a', 'b', '', '')) | max by (host, bot, component) (label_replace(up, 'a', 'b', '', ''))",
        // The responder knows bots by name only: its series stay keyed by bot, and an `or` that
        // adds them to a bot-side term matches on bot, so one emergency is one alert.
        "max by (bot) (bot_emergency_mode) > 0 or max by (bot) (responder_emergency_active) > 0 | max by (host, bot) (bot_emergency_mode) > 0 or on (bot) max by (bot) (responder_emergency_active) > 0",
        "sum by (bot) (increase(responder_actions_total{outcome=\"failure\"}[1h])) > 2 | sum by (bot) (increase(responder_actions_total{outcome=\"failure\"}[1h])) > 2",
        // Untouched: no bot key, another label that starts with bot, already keyed by host.
        "system_cpu_usage_ratio > 0.8 | system_cpu_usage_ratio > 0.8",
        "sum by (botany) (x) | sum by (botany) (x)",
        "sum by (host, bot) (x) | sum by (host, bot) (x)",
      })
  void keepsHostNextToBot(String catalog, String rendered) {
    assertThat(HostLabel.keep(catalog)).isEqualTo(rendered);
    assertThat(HostLabel.keep(rendered)).as("idempotent").isEqualTo(rendered);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        " bot:x >= 3 | bot:x",
        " max by (bot) (responder_y) > 0 | max by (bot) (responder_y)",
        " bot_a{k=\"v\"} > 0 | bot_a{k=\"v\"}",
        " (a + b) / c | (a + b)",
        " rate(x[5m]) | rate(x[5m])",
      })
  void operandIsTheNextTerm(String text, String term) {
    assertThat(HostLabel.operand(text, 0)).isEqualTo(term);
  }
}
