package dev.botwatch.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * promtool tests of the health-status recording rules: one bot per situation, the expected per-bot
 * status (0 healthy, 1 warning, 2 critical, 3 down) computed here by the same ladder the PromQL
 * encodes, with the shares from thresholds.yml, plus the 24 h uptime ratio.
 */
final class HealthTests {
  private HealthTests() {}

  /**
   * A bot: process up or not, and its components' statuses (0 ok, 1 warning, 2 critical, 3 down).
   */
  record Bot(String name, boolean processUp, int... components) {}

  static final List<Bot> BOTS =
      List.of(
          new Bot("healthy", true, 0, 0, 0),
          new Bot("half_warning", true, 1, 0),
          new Bot("most_warning", true, 1, 1, 0),
          new Bot("one_critical_of_four", true, 2, 0, 0, 0),
          new Bot("one_critical_of_three", true, 2, 0, 0),
          new Bot("component_down", true, 3, 0, 0),
          new Bot("process_down", false, 0, 0));

  /**
   * The bot's health status as {@link Recording#BOT_STATUS_EXPR} computes it: down if the process
   * is; critical if a component is down or more than the critical share are critical, ...
   */
  static int status(Bot b, double criticalShare, double warningShare) {
    if (!b.processUp) {
      return 3;
    }
    int n = b.components.length;
    long down = count(b, 3);
    long critical = count(b, 2);
    long warning = count(b, 1);
    if (down > 0 || (double) critical / n > criticalShare) {
      return 2;
    }
    if (critical > 0 || (double) warning / n > warningShare) {
      return 1;
    }
    return 0;
  }

  private static long count(Bot b, int status) {
    return java.util.Arrays.stream(b.components).filter(c -> c == status).count();
  }

  static String render(Thresholds th, String profile) {
    double cs = th.num("health", "critical_share", profile);
    double ws = th.num("health", "warning_share", profile);
    StringBuilder out = new StringBuilder(Generator.header(profile, "tests"));
    out.append("rule_files:\n  - ../../rules/").append(profile).append("/*.yml\n");
    out.append("evaluation_interval: 1m\ntests:\n");
    out.append("  - name: health status per component and per bot (").append(profile).append(")\n");
    out.append("    interval: 1m\n    input_series:\n");
    List<String> componentSamples = new ArrayList<>();
    List<String> botSamples = new ArrayList<>();
    for (Bot b : BOTS) {
      series(out, "bot_process_up{bot=\"" + b.name + "\"}", b.processUp ? 1 : 0);
      for (int i = 0; i < b.components.length; i++) {
        String c = "c" + i;
        int st = b.components[i];
        String sel = "bot=\"" + b.name + "\",component=\"" + c + "\"";
        series(out, "bot_component_up{" + sel + "}", st == 3 ? 0 : 1);
        if (st == 1 || st == 2) {
          String sev = st == 2 ? "critical" : "warning";
          series(
              out,
              "ALERTS{alertname=\"HealthTestAlert\",alertstate=\"firing\",severity=\""
                  + sev
                  + "\","
                  + sel
                  + "}",
              1);
        }
        if (b.processUp) {
          componentSamples.add(
              "              - labels: '"
                  + Recording.COMPONENT_STATUS
                  + "{"
                  + sel
                  + "}'\n"
                  + "                value: "
                  + st
                  + "\n");
        }
      }
      botSamples.add(
          "              - labels: '"
              + Recording.BOT_STATUS
              + "{bot=\""
              + b.name
              + "\"}'\n"
              + "                value: "
              + status(b, cs, ws)
              + "\n");
    }
    out.append("    promql_expr_test:\n");
    out.append("      # critical_share ").append(Probe.num(cs)).append(", warning_share ");
    out.append(Probe.num(ws)).append(" (thresholds.yml health)\n");
    out.append("      - expr: ").append(Recording.BOT_STATUS).append("\n        eval_time: 5m\n");
    out.append("        exp_samples:\n");
    botSamples.forEach(out::append);
    out.append("      - expr: ").append(Recording.COMPONENT_STATUS);
    out.append("{bot!=\"process_down\"}\n        eval_time: 5m\n        exp_samples:\n");
    componentSamples.forEach(out::append);
    out.append("  - name: 24h uptime ratio (").append(profile).append(")\n");
    out.append("    interval: 1h\n    input_series:\n");
    out.append("      - series: 'bot_process_up{bot=\"flaky\"}'\n");
    out.append("        values: '1x18 0x5'\n");
    out.append("    promql_expr_test:\n");
    out.append("      # 19 of the 25 hourly samples in [0h, 24h] are up.\n");
    out.append("      - expr: bot:process_up:avg_over_time24h\n        eval_time: 24h\n");
    out.append(
        "        exp_samples:\n          - labels: 'bot:process_up:avg_over_time24h{bot=\"flaky\"}'\n");
    out.append("            value: 0.76\n");
    return out.toString();
  }

  private static void series(StringBuilder out, String sel, int value) {
    out.append("      - series: ").append(Yaml.scalar(sel)).append('\n');
    out.append("        values: '").append(value).append("x10'\n");
  }
}
