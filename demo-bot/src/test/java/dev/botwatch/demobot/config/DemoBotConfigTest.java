package dev.botwatch.demobot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.common.config.ConfigException;
import dev.botwatch.common.config.YamlConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoBotConfigTest {
  static DemoBotConfig parse(String yaml) {
    return YamlConfig.parse(yaml, DemoBotConfig.class, "demo-bot.yml", Map.of());
  }

  @Test
  void anEmptyFileGivesTheDefaults() {
    DemoBotConfig c = parse("");
    assertThat(c.server().port()).isEqualTo(9330);
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.bot()).isEqualTo("paper");
    assertThat(c.exporter().url()).isEqualTo("http://127.0.0.1:9310");
    assertThat(c.tick()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.trading().liquidationAllowed()).isFalse();
    assertThat(c.memoryGrowth().capMib()).isEqualTo(640);
    assertThat(c.files().log()).isNull();
    assertThat(c.controlTokenValue()).isNull();
  }

  @Test
  void theShippedExampleIsValid() {
    Path example =
        Path.of(System.getProperty("botwatch.root", "."), "demo-bot", "demo-bot.example.yml");
    if (!example.toFile().exists()) {
      example = Path.of("demo-bot.example.yml");
    }
    DemoBotConfig c = YamlConfig.load(example, DemoBotConfig.class);
    assertThat(c.bot()).isEqualTo("paper");
    assertThat(c.files().config()).endsWith("strategy.json");
    assertThat(c.exporter().token()).as("the exporter's ingest needs a token").isNotNull();
  }

  /** The stack's demo bot sends the exporter's ingest token (on in config/exporter.yml). */
  @Test
  void theStackConfigSendsTheIngestToken() throws Exception {
    Path shipped = Path.of(System.getProperty("botwatch.root", ".."), "config", "demo-bot.yml");
    DemoBotConfig c =
        YamlConfig.parse(
            java.nio.file.Files.readString(shipped),
            DemoBotConfig.class,
            shipped.toString(),
            java.util.Map.of("BOTWATCH_CONTROL_TOKEN", "x"));
    assertThat(c.exporter().token().env()).isEqualTo("BOTWATCH_EXPORTER_TOKEN");
  }

  @Test
  void everyErrorIsNamedByItsPath() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    bot: "no spaces"
                    tick: 0s
                    exporter: {url: "ftp://x", timeout: 0s, buffer_events: -1}
                    trading: {api_calls_per_tick: 0, exchange: "a b"}
                    memory_growth: {cap_mib: 0}
                    files: {log: " ", log_max_bytes: 10}
                    control_token: {}
                    """))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .anyMatch(s -> s.contains("bot must match"))
                    .anyMatch(s -> s.contains("tick must be > 0"))
                    .anyMatch(s -> s.contains("exporter.url"))
                    .anyMatch(s -> s.contains("exporter.timeout"))
                    .anyMatch(s -> s.contains("exporter.buffer_events"))
                    .anyMatch(s -> s.contains("trading.api_calls_per_tick"))
                    .anyMatch(s -> s.contains("trading.exchange"))
                    .anyMatch(s -> s.contains("memory_growth.cap_mib"))
                    .anyMatch(s -> s.contains("files.log must not be blank"))
                    .anyMatch(s -> s.contains("files.log_max_bytes"))
                    .anyMatch(s -> s.contains("control_token must name exactly one")));
  }

  @Test
  void unknownKeysAreRejected() {
    assertThatThrownBy(() -> parse("trading: {liquidation: true}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("trading.liquidation is not a known key");
  }

  @Test
  void credentialsInTheExporterUrlAreRefused() {
    assertThatThrownBy(() -> parse("exporter: {url: \"http://u:p@127.0.0.1:9310\"}"))
        .hasMessageContaining("exporter.url must not carry credentials");
  }
}
