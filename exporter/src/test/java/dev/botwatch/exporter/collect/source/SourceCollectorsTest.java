package dev.botwatch.exporter.collect.source;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.exporter.TestText;
import dev.botwatch.exporter.collect.Collector;
import dev.botwatch.exporter.collect.CollectorRunner;
import dev.botwatch.exporter.collect.CollectorRunner.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every source kind from one YAML config, for two bots, through the real runner. */
class SourceCollectorsTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @TempDir Path dir;

  @Test
  void everySourceMetricOfTheCatalogComesOutWithTheBotLabel() throws Exception {
    for (String ep : FreqtradeCollector.ENDPOINTS.keySet()) {
      wm.stubFor(
          get(urlPathEqualTo("/api/v1/" + ep))
              .willReturn(okJson(FreqtradeCollectorTest.fixture(ep))));
    }
    Files.writeString(dir.resolve("bot.pid"), ProcessHandle.current().pid() + "\n");
    Files.writeString(dir.resolve("bot.log"), "x - ERROR - boom\n");
    Files.writeString(dir.resolve("config.json"), "{\"exchange\": {\"name\": \"binance\"}}");
    String yaml =
        """
        paper:
          process: {pid_file: DIR/bot.pid}
          logs: [{path: DIR/bot.log, name: main}]
          files:
            config: [{path: DIR/config.json, required_keys: [exchange.name]}]
            writable: [DIR]
            data: [{source: prices, path: DIR/config.json}]
          probes: [{name: self, kind: dns, host: localhost, timeout: 2s}]
        ft:
          freqtrade: {url: "http://127.0.0.1:PORT"}
        """
            .replace("DIR", dir.toString())
            .replace("PORT", String.valueOf(wm.getPort()));
    Map<String, BotSources> byBot =
        YamlConfig.mapper().readValue(yaml, new TypeReference<Map<String, BotSources>>() {});
    Problems p = new Problems();
    byBot.forEach((bot, s) -> s.validate("bots." + bot + ".sources", p));
    assertThat(p.errors()).isEmpty();

    List<Collector> collectors = SourceCollectors.create(byBot);
    try (CollectorRunner runner = new CollectorRunner()) {
      collectors.forEach(
          c -> runner.add(c, Schedule.every(Duration.ofSeconds(15), Duration.ofSeconds(10))));
      runner.runAllOnce();
      String text = TestText.of(runner.collect());
      for (String c : List.of("process", "logfile", "files", "probe", "freqtrade")) {
        assertThat(text).contains("botwatch_collector_success{collector=\"" + c + "\"} 1.0");
      }
      for (String name :
          List.of(
              "bot_process_up",
              "bot_process_start_time_seconds",
              "bot_process_cpu_seconds_total",
              "bot_process_resident_memory_bytes",
              "bot_process_threads",
              "bot_process_open_fds",
              "bot_log_file_size_bytes",
              "bot_log_last_write_timestamp_seconds",
              "bot_log_lines_total",
              "bot_config_valid",
              "bot_file_writable",
              "bot_data_updated_timestamp_seconds",
              "bot_probe_success",
              "bot_probe_duration_seconds",
              "bot_trades_total",
              "bot_open_positions",
              "bot_max_positions",
              "bot_balance",
              "bot_pnl",
              "bot_symbols_on_probation",
              "bot_heartbeat_timestamp_seconds",
              "bot_trading_state",
              "bot_info")) {
        assertThat(text).as(name).containsPattern("(?m)^" + name + "\\{bot=\"(paper|ft)\"");
      }
      assertThat(text)
          .contains("bot_log_lines_total{bot=\"paper\",file=\"main\",level=\"error\"} 1.0");
    }
  }
}
