package dev.botwatch.exporter.collect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.YamlConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class BotSourcesTest {

  static BotSources parse(String yaml) throws Exception {
    return YamlConfig.mapper().readValue(yaml, BotSources.class);
  }

  static java.util.List<String> problems(String yaml) throws Exception {
    Problems p = new Problems();
    parse(yaml).validate("bots.paper.sources", p);
    return p.errors();
  }

  @Test
  void fullExampleParsesWithDefaults() throws Exception {
    BotSources s =
        parse(
            """
            process: {pid_file: /run/bot.pid}
            logs: [{path: /var/log/bot.log}]
            files:
              config: [{path: /etc/bot/config.yml, required_keys: [exchange.name]}]
              writable: [/var/lib/bot]
              data: [{source: prices, path: /var/lib/bot/prices.json}]
            probes:
              - {kind: http, url: "https://api.example.org:8443/ping"}
              - {name: db, kind: jdbc, url: "jdbc:sqlite:/var/lib/bot/trades.sqlite"}
            freqtrade: {url: "http://127.0.0.1:8080/", username: bw, password: {env: FT_PW}}
            """);
    assertThat(problems("{}")).isEmpty();
    assertThat(s.logs().get(0).levels()).containsKeys("critical", "error", "warning", "info");
    assertThat(s.logs().get(0).label()).isEqualTo("/var/log/bot.log");
    assertThat(s.files().config().get(0).format()).isEqualTo("yaml");
    assertThat(s.probes().get(0).target()).isEqualTo("api.example.org:8443");
    assertThat(s.probes().get(0).timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.probes().get(1).query()).isEqualTo("SELECT 1");
    assertThat(s.freqtrade().url()).isEqualTo("http://127.0.0.1:8080");
    assertThat(s.freqtrade().password().toString()).doesNotContain("FT_PW=");
  }

  // A table of cases as dynamic tests: @ParameterizedTest cannot run in this module yet, because
  // vertx-junit5 drags junit-platform-commons 1.9.3 next to junit-jupiter-params 5.11.4
  // (NoClassDefFoundError ConversionException); the root POM needs the junit-bom.
  @TestFactory
  Stream<DynamicTest> everyBadKeyIsNamedByPath() {
    String[][] cases = {
      {"logs: [~]", "bots.paper.sources.logs[0] must not be empty"},
      {"probes: [{kind: dns, host: a}, ~]", "bots.paper.sources.probes[1] must not be empty"},
      {"files: {writable: [~], config: [~]}", "bots.paper.sources.files.writable[0] must be set"},
      {"files: {config: [~]}", "bots.paper.sources.files.config[0] must not be empty"},
      {
        "files: {config: [{path: /a.json, required_keys: [a..b]}]}",
        "bots.paper.sources.files.config[0].required_keys[0] must be a dotted key path"
      },
      {
        "logs: [{path: /a, levels: {error: ~}}]",
        "bots.paper.sources.logs[0].levels.error must be set"
      },
      {
        "process: {}",
        "bots.paper.sources.process must set exactly one of pid_file, name, cmdline_pattern"
      },
      {"process: {name: a, pid_file: /x}", "bots.paper.sources.process must set exactly one"},
      {
        "process: {cmdline_pattern: \"a(\"}",
        "bots.paper.sources.process.cmdline_pattern is not a regular expression"
      },
      {"logs: [{name: x}]", "bots.paper.sources.logs[0].path must be set"},
      {
        "logs: [{path: /a, levels: {error: \"(\"}}]",
        "bots.paper.sources.logs[0].levels.error is not a regular expression"
      },
      {
        "logs: [{path: /a, levels: {other: x}}]",
        "bots.paper.sources.logs[0].levels.other must be a lower-case label"
      },
      {"logs: [{path: /a}, {path: /a}]", "bots.paper.sources.logs[1] repeats file /a"},
      {
        "files: {config: [{path: /a.ini, format: ini}]}",
        "bots.paper.sources.files.config[0].format must be json or yaml"
      },
      {"files: {data: [{path: /a}]}", "bots.paper.sources.files.data[0].source must be set"},
      {"files: {writable: [\"\"]}", "bots.paper.sources.files.writable[0] must be set"},
      {
        "probes: [{kind: ftp}]",
        "bots.paper.sources.probes[0].kind must be one of http, tcp, dns, jdbc"
      },
      {
        "probes: [{kind: dns, host: a}, {kind: tcp, host: b, port: 1, timeout: 0s}]",
        "bots.paper.sources.probes[1].timeout must be > 0"
      },
      {
        "probes: [{kind: tcp, host: b, port: 70000}]",
        "bots.paper.sources.probes[0].port must be 1-65535"
      },
      {
        "probes: [{kind: http, url: \"ftp://x\"}]",
        "bots.paper.sources.probes[0].url must be an http(s) URL"
      },
      {
        "probes: [{kind: jdbc, url: \"jdbc:sqlite::memory:\"}]",
        "bots.paper.sources.probes[0].name must be set"
      },
      {
        "probes: [{kind: dns, host: a}, {kind: dns, host: a}]",
        "bots.paper.sources.probes[1] repeats target a"
      },
      {
        "probes: [{kind: dns, host: a, password: {}}]",
        "bots.paper.sources.probes[0].password must name exactly one"
      },
      {
        "freqtrade: {url: \"http://u:p@h:8080\"}",
        "bots.paper.sources.freqtrade.url must be an http(s) URL without credentials"
      },
      {
        "freqtrade: {url: \"http://h:8080\", username: u}",
        "bots.paper.sources.freqtrade must set both username and password"
      },
    };
    return Arrays.stream(cases)
        .map(
            c ->
                dynamicTest(
                    c[0], () -> assertThat(problems(c[0])).anyMatch(e -> e.startsWith(c[1]))));
  }

  @Test
  void unknownKeysAreRejected() {
    assertThatThrownBy(() -> parse("probes: [{kind: dns, hots: a}]")).hasMessageContaining("hots");
  }

  @Test
  void factoryCreatesOnlyConfiguredKindsEachServingAllBots() throws Exception {
    var a = parse("process: {name: a}\nprobes: [{kind: dns, host: localhost}]");
    var b = parse("logs: [{path: /x}]\nprobes: [{kind: dns, host: localhost}]");
    var collectors =
        SourceCollectors.create(java.util.Map.of("a", a, "b", b, "c", BotSources.NONE));
    assertThat(collectors).extracting(c -> c.name()).containsExactly("process", "logfile", "probe");
    collectors.forEach(c -> c.close());
    assertThat(SourceCollectors.create(java.util.Map.of("c", BotSources.NONE))).isEmpty();
  }
}
