package dev.botwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.botwatch.common.config.ConfigException;
import dev.botwatch.common.config.YamlConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExporterConfigTest {
  static ExporterConfig parse(String yaml) {
    return YamlConfig.parse(yaml, ExporterConfig.class, "exporter.yml");
  }

  @Test
  void anEmptyFileGivesTheDefaults() {
    ExporterConfig c = parse("");
    assertThat(c.server().port()).isEqualTo(9310);
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.ingest().bodyLimitBytes()).isEqualTo(1024 * 1024);
    assertThat(c.ingest().maxLabelValues()).isEqualTo(50);
    assertThat(c.auth().token()).isNull();
    assertThat(c.collector("host"))
        .isEqualTo(new CollectorSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(5)));
    assertThat(c.collector("probe").interval()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void serverAndIngestLimitsHaveDefaultsAndCanBeSet() {
    ExporterConfig d = parse("");
    assertThat(d.server().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.server().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.ingest().botExpiry()).isEqualTo(Duration.ofHours(24));
    ExporterConfig c =
        parse(
            """
            server: {idle_timeout: 5m, request_timeout: 3s}
            ingest: {bot_expiry: 2h}
            """);
    assertThat(c.server().port()).isEqualTo(9310);
    assertThat(c.server().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.server().requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.ingest().botExpiry()).isEqualTo(Duration.ofHours(2));
    ConfigException e =
        catchThrowableOfType(
            () ->
                parse(
                    """
                    server: {idle_timeout: 0s, request_timeout: 0s}
                    ingest: {bot_expiry: 0s}
                    """),
            ConfigException.class);
    assertThat(e.errors())
        .contains(
            "exporter.yml: server.idle_timeout must be > 0",
            "exporter.yml: server.request_timeout must be > 0",
            "exporter.yml: ingest.bot_expiry must be > 0");
  }

  /** Ingest auth is on in the shipped config: any local process could fill the caps otherwise. */
  @Test
  void theShippedConfigTurnsIngestAuthOn() {
    java.nio.file.Path shipped =
        java.nio.file.Path.of(System.getProperty("botwatch.root", ".."), "config", "exporter.yml");
    ExporterConfig c =
        YamlConfig.parse(
            readString(shipped), ExporterConfig.class, shipped.toString(), java.util.Map.of());
    assertThat(c.auth().token()).isNotNull();
    assertThat(c.auth().token().env()).isEqualTo("BOTWATCH_EXPORTER_TOKEN");
  }

  private static String readString(java.nio.file.Path p) {
    try {
      return java.nio.file.Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aFullConfigLoads() {
    ExporterConfig c =
        parse(
            """
            server: {host: 0.0.0.0, port: 0}
            auth: {token: {env: TOKEN}}
            ingest: {body_limit_bytes: 1000, max_label_values: 5, max_bots: 2}
            collectors: {host: {interval: 30s}, probe: {enabled: false}}
            bots:
              paper:
                info: {version: "1.2", exchange: binance, strategy: momentum, profile: development}
                sources:
                  logs: [{path: /tmp/bot.log}]
              bare:
            """);
    assertThat(c.collector("host").interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.collector("host").timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.collector("probe").isEnabled()).isFalse();
    assertThat(c.bots().get("paper").info().exchange()).isEqualTo("binance");
    assertThat(c.bots().get("paper").sources().logs()).hasSize(1);
    assertThat(c.bots().get("bare").info()).isEqualTo(BotInfo.EMPTY);
  }

  @Test
  void everyErrorIsListedByPath() {
    ConfigException e =
        catchThrowableOfType(
            () ->
                parse(
                    """
                    server: {port: 70000}
                    auth: {token: {}}
                    ingest: {body_limit_bytes: 0, max_label_values: -1, max_bots: 1}
                    collectors:
                      hots: {interval: 5s}
                      host: {interval: 5s, timeout: 10s}
                      probe: {interval: 0s}
                    bots:
                      "bad name": {}
                      ok: {}
                    """),
            ConfigException.class);
    assertThat(e.errors())
        .containsExactlyInAnyOrder(
            "exporter.yml: server.port must be a port number (0-65535)",
            "exporter.yml: auth.token must name exactly one of 'file' or 'env'",
            "exporter.yml: ingest.body_limit_bytes must be > 0",
            "exporter.yml: ingest.max_label_values must be > 0",
            "exporter.yml: collectors.hots is not a known collector (known: files, freqtrade, host, logfile, probe, process)",
            "exporter.yml: collectors.host.timeout must not exceed interval (PT5S)",
            "exporter.yml: collectors.probe.interval must be > 0",
            "exporter.yml: bots.bad name is not a bot name ([A-Za-z0-9_.-]{1,64})",
            "exporter.yml: bots lists more bots than ingest.max_bots (1)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          servr: {port: 1}                         | servr is not a known key
          ingest: {body_limit: 5}                  | ingest.body_limit is not a known key
          collectors: {host: {interval: soon}}     | collectors.host.interval
          bots: {a: {info: {colour: red}}}         | bots.a.info.colour is not a known key
          """)
  void typosAndBadValuesNameTheirPath(String yaml, String expected) {
    ConfigException e = catchThrowableOfType(() -> parse(yaml), ConfigException.class);
    assertThat(e.errors()).singleElement().asString().contains(expected);
  }
}
