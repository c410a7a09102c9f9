package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * prometheus/alertmanager.yml on the real amtool 0.25: valid, and each kind of alert routed right.
 */
class AlertmanagerTest {
  static final Path DIR = Tools.ROOT.resolve("prometheus");

  @Test
  void checkConfig() {
    Tools.Result r = Tools.run(DIR, "amtool", "check-config", "alertmanager.yml");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS").contains("1 inhibit rules");
  }

  @Test
  void webhookTokenFileIsRelativeToTheConfigAndADemoValue() throws Exception {
    // Alertmanager 0.25 resolves credentials_file against alertmanager.yml's directory.
    String cfg = Tools.read(Path.of("prometheus/alertmanager.yml"));
    assertThat(cfg)
        .contains("credentials_file: secrets/webhook_token")
        .doesNotContain("credentials:");
    assertThat(Files.readString(DIR.resolve("secrets/webhook_token"))).contains("demo");
  }

  /** Labels, then the exact receivers (amtool lists them comma-separated in route order). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alertname=BotProcessDown bot=b severity=critical recovery=hard | responder-and-email",
        "alertname=BotApiErrorRateHigh bot=b severity=warning recovery=soft | responder",
        "alertname=BotDailyLossLimit bot=b severity=critical recovery=none | email",
        "alertname=BotPositionLimitReached bot=b severity=warning recovery=none | blackhole",
        "alertname=Watchdog severity=warning recovery=none | responder",
        "alertname=BotDailyLossEmergency bot=b severity=critical recovery=emergency_stop | responder-and-email",
        "alertname=Unlabelled bot=b | email",
      })
  void routes(String labels, String receivers) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "amtool",
                "config",
                "routes",
                "test",
                "--config.file=alertmanager.yml",
                "--verify.receivers=" + receivers));
    argv.addAll(List.of(labels.split(" ")));
    Tools.Result r = Tools.run(DIR, argv.toArray(String[]::new));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output().lines().filter(l -> !l.startsWith("Warning")).toList())
        .containsExactly(receivers);
  }

  @Test
  void routingRejectsAWrongReceiver() {
    Tools.Result r =
        Tools.run(
            DIR,
            "amtool",
            "config",
            "routes",
            "test",
            "--config.file=alertmanager.yml",
            "--verify.receivers=responder",
            "alertname=X",
            "severity=critical",
            "recovery=none");
    assertThat(r.exit()).as(r.output()).isNotZero();
  }
}
