package dev.botwatch.responder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.common.config.ConfigException;
import dev.botwatch.common.config.YamlConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponderConfigTest {
  static final String MIN = "webhook: {token: {env: T}}\n";

  static ResponderConfig parse(String yaml) {
    return YamlConfig.parse(yaml, ResponderConfig.class, "r.yml", Map.of());
  }

  @Test
  void theShippedExampleIsValid() throws Exception {
    String text = Files.readString(Path.of("responder.example.yml"));
    ResponderConfig c = YamlConfig.parse(text, ResponderConfig.class, "example", Map.of());
    assertThat(c.bots()).containsKey("paper");
    assertThat(c.bots().get("paper").restart().argv())
        .containsExactly("systemctl", "restart", "paper-bot");
    assertThat(c.playbooks().get("soft").steps()).hasSize(2);
    assertThat(c.playbooks()).containsKeys("medium", "hard", "emergency_stop"); // built-ins kept
    assertThat(c.notifications().email()).isNotNull();
    assertThat(c.emergencyPlaybookFor("paper")).isEqualTo("emergency_stop");
    assertThat(c.emergencyPlaybookFor("ft")).isEqualTo("freqtrade_emergency_stop");
  }

  @Test
  void defaults() {
    ResponderConfig c = parse(MIN);
    assertThat(c.server().port()).isEqualTo(9320);
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.limits().maxActionsPerHour()).isEqualTo(5);
    assertThat(c.limits().cooldown()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.limits().maxRestartsPerHour()).isEqualTo(3);
    assertThat(c.watchdog().alertname()).isEqualTo("Watchdog");
    assertThat(c.playbooks().get("soft").escalateTo()).isEqualTo("medium");
    assertThat(c.playbooks().get("emergency_stop").steps())
        .extracting(StepConfig::name)
        .containsExactly("stop-trading", "cancel-orders", "liquidate", "emergency-mode");
    assertThat(c.dryRunFor("emergency_stop", false)).isFalse();
    assertThat(parse(MIN + "profile: development\n").dryRunFor("emergency_stop", false)).isTrue();
    assertThat(parse(MIN + "profile: development\n").dryRunFor("soft", false)).isFalse();
  }

  @Test
  void aFreqtradeBotWithItsOwnEmergencyPlaybook() {
    ResponderConfig c =
        parse(
            MIN
                + """
                bots:
                  ft:
                    freqtrade: {base_url: "http://127.0.0.1:8080", username: u, password: {env: P}}
                    emergency_playbook: ft_emergency
                playbooks:
                  ft_emergency:
                    steps:
                      - {action: freqtrade, operation: stop_entries}
                      - {action: freqtrade, operation: cancel_open_orders}
                      - {action: freqtrade, operation: force_exit_all, dry_run: true}
                      - {action: freqtrade, operation: stop}
                """);
    assertThat(c.playbooks().get("ft_emergency").steps())
        .extracting(StepConfig::name)
        .containsExactly("stop_entries", "cancel_open_orders", "force_exit_all", "stop");
    assertThat(c.emergencyPlaybookFor("ft")).isEqualTo("ft_emergency");
    assertThat(c.isEmergency("ft_emergency")).isTrue();
    assertThat(c.isEmergency("soft")).isFalse();
    assertThatThrownBy(
            () -> parse(MIN + "playbooks: {x: {steps: [{action: freqtrade, operation: moon}]}}"))
        .hasMessageContaining("playbooks.x.steps[0].operation must be one of");
  }

  @Test
  void eachBotsEmergencySequenceFollowsHowItIsControlled() {
    ResponderConfig c =
        parse(
            MIN
                + """
                bots:
                  http: {control: {base_url: "http://127.0.0.1:9330"}}
                  ft: {freqtrade: {base_url: "http://127.0.0.1:8080", username: u, password: {env: P}}}
                """);
    assertThat(c.emergencyPlaybookFor("http")).isEqualTo("emergency_stop");
    assertThat(c.emergencyPlaybookFor("ft")).isEqualTo("freqtrade_emergency_stop");
    assertThat(c.playbooks().get("freqtrade_emergency_stop").steps())
        .extracting(StepConfig::name)
        .containsExactly("stop_entries", "cancel_open_orders", "force_exit_all", "stop");
    assertThat(parse(MIN + "profile: development\n").dryRunFor("freqtrade_emergency_stop", false))
        .isTrue();
  }

  static final String FT =
      "bots: {ft: {freqtrade: {base_url: 'http://x', username: u, password: {env: P}}, ";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no stop step        | playbooks: {emergency_stop: {steps: [{action: http, endpoint: stop-trading}]}}"
            + " | playbooks.emergency_stop.steps is an emergency sequence without a step that stops the bot",
        "stop not last       | playbooks: {emergency_stop: {steps: [{action: http, endpoint: emergency-mode},"
            + " {action: http, endpoint: cancel-orders}]}}"
            + " | playbooks.emergency_stop.steps[0] stops the bot but is not the last step",
        "unknown playbook    | FT emergency_playbook: nope}}"
            + " | bots.ft.emergency_playbook names no playbook",
        "own sequence no stop | FT emergency_playbook: mine}} NL playbooks: {mine: {steps: [{action: freqtrade, operation: stop_entries}]}}"
            + " | playbooks.mine.steps is an emergency sequence without a step that stops the bot",
        "wrong control kind  | FT emergency_playbook: emergency_stop}}"
            + " | bots.ft.emergency_playbook runs emergency_stop, whose http steps need bots.ft.control",
      })
  void emergencySequencesMustStopTheBot(String name, String yaml, String expected) {
    String doc = MIN + yaml.replace("FT ", FT).replace(" NL ", "\n");
    assertThatThrownBy(() -> parse(doc))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no webhook auth         | server: {port: 1}                                      | webhook.token must be set",
        "unknown key             | webhok: {}                                             | webhok is not a known key",
        "bad bot url             | bots: {p: {control: {base_url: 'ftp://x'}}}            | bots.p.control.base_url must be an http(s) URL",
        "credentials in url      | bots: {p: {control: {base_url: 'http://u:pw@x'}}}      | bots.p.control.base_url must not carry credentials",
        "zero timeout            | bots: {p: {control: {base_url: 'http://x', timeout: 0s}}} | bots.p.control.timeout must be > 0",
        "unknown action          | playbooks: {x: {steps: [{action: teleport}]}}          | teleport",
        "bad endpoint            | playbooks: {x: {steps: [{action: http, endpoint: 'A B'}]}} | playbooks.x.steps[0].endpoint",
        "escalate nowhere        | playbooks: {x: {escalate_to: nope}}                    | playbooks.x.escalate_to names no playbook",
        "override to nowhere     | overrides: [{match: {bot: a}, playbook: nope}]         | overrides[0].playbook names no playbook",
        "negative cap            | limits: {max_actions_per_hour: -1}                     | limits.max_actions_per_hour must be >= 0",
        "bad duration            | limits: {cooldown: soon}                               | limits.cooldown",
        "bad multiplier          | limits: {retry: {multiplier: 0.5}}                     | limits.retry.multiplier must be >= 1",
        "secret by value         | control: {token: abc}                                  | control.token",
        "bad profile             | profile: staging                                       | profile",
        "bad regex               | overrides: [{match_re: {bot: '('}, playbook: soft}]    | overrides[0].match_re.bot is not a regular expression",
      })
  void errorsNameTheirPath(String name, String yaml, String expected) {
    String doc = yaml.startsWith("server") ? yaml : MIN + yaml;
    assertThatThrownBy(() -> parse(doc))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected);
  }
}
