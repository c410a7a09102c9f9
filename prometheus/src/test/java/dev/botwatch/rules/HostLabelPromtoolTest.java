package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules as a fleet sees them, on the real promtool. First the generated promtool tests once
 * more with every input series of a bot-side scenario labelled {@code host="vps1"} (as file_sd
 * labels an exporter's series) and every alert and recorded sample they expect carrying {@code
 * host: vps1}: proof that no aggregation or match of any rule drops the host. Scenarios fed by the
 * responder's own series, and Watchdog, stay as generated: those alerts name no host. Then two
 * cases only a fleet has.
 */
class HostLabelPromtoolTest {
  private static final Pattern SERIES =
      Pattern.compile("((?:series|labels): '[A-Za-z_:][A-Za-z0-9_:]*)(\\{)?");
  private static final Pattern EXP_LABELS = Pattern.compile("(?m)^( +)- exp_labels:\\n");

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"production", "development"})
  void everyBotAlertAndRecordingKeepsTheHost(String profile) throws Exception {
    int twinned = 0;
    for (String name : List.of("alerts_test.yml", "health_test.yml")) {
      String text = Tools.read(Path.of("prometheus/tests", profile, name));
      String[] blocks = text.split("\n(?=  - name: )");
      List<String> out = new ArrayList<>();
      for (String block : blocks) {
        boolean scenario = block.startsWith("  - name: ") && block.contains("series: '");
        // Watchdog is vector(1): no series, so no host, on any number of hosts.
        boolean hostless =
            block.contains("series: 'responder_") || block.contains("alertname: Watchdog");
        if (scenario && !hostless) {
          block = withHost(block);
          twinned++;
        }
        out.add(block);
      }
      Path file = tmp.resolve(profile + "-" + name);
      Files.writeString(file, rulesAt(String.join("\n", out), profile));
      Tools.Result r = Tools.run(tmp, "promtool", "test", "rules", file.toString());
      assertThat(r.exit()).as(name + " with host labels:\n" + r.output()).isZero();
    }
    assertThat(twinned).as("scenarios run with a host label").isGreaterThan(40);
  }

  /** The same bot name on two hosts is two bots to Prometheus: two alerts, one per host. */
  @Test
  void oneBotNameOnTwoHostsIsTwoAlerts() throws Exception {
    promtool(
        """
        tests:
          - interval: 1m
            input_series:
              - series: 'bot_process_up{host="vps1",bot="paper"}'
                values: 0x5
              - series: 'bot_process_up{host="vps2",bot="paper"}'
                values: 0x5
            promql_expr_test:
              - expr: ALERTS{alertname="BotProcessDown", alertstate="firing"}
                eval_time: 5m
                exp_samples:
                  - labels: 'ALERTS{alertname="BotProcessDown",alertstate="firing",host="vps1",bot="paper",severity="critical",recovery="hard"}'
                    value: 1
                  - labels: 'ALERTS{alertname="BotProcessDown",alertstate="firing",host="vps2",bot="paper",severity="critical",recovery="hard"}'
                    value: 1
        """,
        "BotProcessDown");
  }

  /**
   * A latched emergency that the bot reports and the responder reports is one alert, with the bot's
   * host; reported by the responder alone it names the bot only.
   */
  @Test
  void anEmergencyBothSidesReportIsOneAlert() throws Exception {
    promtool(
        """
        tests:
          - interval: 1m
            input_series:
              - series: 'bot_emergency_mode{host="vps1",bot="both"}'
                values: 1x5
              - series: 'responder_emergency_active{host="ops",bot="both"}'
                values: 1x5
              - series: 'bot_emergency_mode{host="vps2",bot="responder_only"}'
                values: 0x5
              - series: 'responder_emergency_active{host="ops",bot="responder_only"}'
                values: 1x5
            promql_expr_test:
              - expr: ALERTS{alertname="BotEmergencyMode", alertstate="firing"}
                eval_time: 5m
                exp_samples:
                  - labels: 'ALERTS{alertname="BotEmergencyMode",alertstate="firing",host="vps1",bot="both",severity="critical",recovery="none"}'
                    value: 1
                  - labels: 'ALERTS{alertname="BotEmergencyMode",alertstate="firing",bot="responder_only",severity="critical",recovery="none"}'
                    value: 1
        """,
        "BotEmergencyMode");
  }

  private void promtool(String tests, String alert) throws Exception {
    Path file = tmp.resolve(alert + "_test.yml");
    Files.writeString(
        file,
        "rule_files:\n  - "
            + Tools.ROOT.resolve("prometheus/rules/production")
            + "/*.yml\nevaluation_interval: 1m\n"
            + tests);
    Tools.Result r = Tools.run(tmp, "promtool", "test", "rules", file.toString());
    // The firing ALERTS series: labels compared exactly, extra or missing series fail.
    assertThat(r.exit()).as(r.output()).isZero();
  }

  private static String rulesAt(String text, String profile) {
    return text.replace(
        "../../rules/" + profile + "/*.yml",
        Tools.ROOT.resolve("prometheus/rules").resolve(profile) + "/*.yml");
  }

  /** host="vps1" on every series and expected sample, host: vps1 on every expected alert. */
  static String withHost(String block) {
    String s =
        SERIES
            .matcher(block)
            .replaceAll(
                m ->
                    m.group(2) != null
                        ? m.group(1) + "{host=\"vps1\","
                        : m.group(1) + "{host=\"vps1\"}");
    return EXP_LABELS.matcher(s).replaceAll(m -> m.group() + m.group(1) + "    host: vps1\n");
  }
}
