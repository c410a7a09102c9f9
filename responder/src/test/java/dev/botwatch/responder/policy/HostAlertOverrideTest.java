package dev.botwatch.responder.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.responder.alert.Alert;
import dev.botwatch.responder.config.ResponderConfig;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which bot an alert acts on: its label, else the bot its first matching override names. */
class HostAlertOverrideTest {
  static final ResponderConfig CONFIG =
      YamlConfig.parse(
          """
          webhook: {token: {env: T}}
          bots:
            mybot: {control: {base_url: "http://127.0.0.1:1"}}
            other: {control: {base_url: "http://127.0.0.1:2"}}
          overrides:
            - {match: {alertname: HostCpuHigh}, playbook: hard, bot: mybot}
            - {match: {alertname: HostDiskHigh}, playbook: none}
            - {match: {alertname: HostDiskHigh}, playbook: hard, bot: mybot}
          """,
          ResponderConfig.class,
          "test",
          Map.of());
  final Policy policy = new Policy(CONFIG);

  @ParameterizedTest(name = "{0} bot={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "HostCpuHigh    | ''    | mybot | Run:hard",
        "HostCpuHigh    | other | other | Run:hard",
        "HostMemoryHigh | ''    |       | RecordOnly",
        "HostDiskHigh   | ''    |       | RecordOnly",
      })
  void botlessAlertsActOnlyWhereAnOverrideNamesTheBot(
      String alertname, String label, String bot, String decision) {
    Map<String, String> labels =
        label.isEmpty()
            ? Map.of("alertname", alertname, "recovery", "hard")
            : Map.of("alertname", alertname, "recovery", "hard", "bot", label);
    Instant now = Instant.parse("2026-11-22T09:00:00Z");
    Alert a = new Alert(true, labels, Map.of(), now.minusSeconds(60), null, "", "f00d");

    assertThat(policy.botFor(a)).isEqualTo(bot);
    Decision d = policy.decide(a, new Facts(null, 0, 0, null, false, false), now);
    String got = d instanceof Decision.Run r ? "Run:" + r.playbook() : d.getClass().getSimpleName();
    assertThat(got).isEqualTo(decision);
  }
}
