package dev.botwatch.responder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code bots.<bot>.host} against the responder's own {@code host}: a bot elsewhere in the fleet is
 * repaired through its control API only; a command or a file restore would act on the responder's
 * machine, so the config refuses them.
 */
class BotHostTest {
  private static final String RESTART = "restart: {argv: [systemctl, restart, b]}";
  private static final String RESTORE =
      "config_restore: {path: /srv/b/c.json, known_good: /k/c.json}";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no hosts at all                 | ''           | ''           | " + RESTART,
        "the bot on the responder's host | 'host: ops'  | 'host: ops,' | " + RESTART,
        "elsewhere, control API only     | 'host: ops'  | 'host: vps2,' | 'control: {base_url: \"http://vps2:9330\"}'",
      })
  void accepted(String name, String top, String botHost, String rest) {
    ResponderConfig c = parse(top, botHost, rest);
    assertThat(c.bots()).containsKey("b");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "restart elsewhere        | 'host: ops' | 'host: vps2,' | "
            + RESTART
            + " | bots.b.restart runs on the responder's host (ops), not on vps2 where this bot runs",
        "restore elsewhere        | 'host: ops' | 'host: vps2,' | "
            + RESTORE
            + " | bots.b.config_restore runs on the responder's host (ops), not on vps2",
        "responder host unnamed   | ''          | 'host: vps2,' | "
            + RESTART
            + " | bots.b.restart runs on the responder's host (top-level host: unset), not on vps2",
        "a bot host with a slash  | ''          | 'host: a/b,'  | 'liquidation_enabled: false' | bots.b.host must be a host name",
        "a responder host, spaces | 'host: a b' | ''            | 'liquidation_enabled: false' | host must be a host name",
      })
  void refused(String name, String top, String botHost, String rest, String error) {
    assertThatThrownBy(() -> parse(top, botHost, rest)).hasMessageContaining(error);
  }

  private static ResponderConfig parse(String top, String botHost, String rest) {
    return ResponderConfigTest.parse(
        ResponderConfigTest.MIN + top + "\nbots:\n  b: {" + botHost + " " + rest + "}\n");
  }
}
