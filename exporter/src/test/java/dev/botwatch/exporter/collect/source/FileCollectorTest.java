package dev.botwatch.exporter.collect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.botwatch.common.testing.GoldenFiles;
import dev.botwatch.exporter.TestText;
import dev.botwatch.exporter.collect.source.FileSources.ConfigFile;
import dev.botwatch.exporter.collect.source.FileSources.DataFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class FileCollectorTest {
  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> configCheckCases() {
    // {format, text, required keys (comma-separated), expected problem or "" when valid}
    String[][] cases = {
      {"json", "{\"exchange\": {\"name\": \"binance\"}}", "exchange.name", ""},
      {"json", "// freqtrade style\n{\"a\": 1, \"b\": [1,2,],}", "a", ""},
      {
        "json",
        "{\"exchange\": {\"name\": null}}",
        "exchange.name",
        "lacks required key exchange.name"
      },
      {"json", "{\"exchange\": {}}", "exchange.name", "lacks required key exchange.name"},
      {"json", "{\"exchange\": ", "", "does not parse as json"},
      {"json", "", "", "is empty"},
      {
        "yaml",
        "exchange:\n  name: kraken\nmax_open_trades: 3\n",
        "exchange.name,max_open_trades",
        ""
      },
      {"yaml", "exchange: [unclosed\n", "", "does not parse as yaml"},
      {"yaml", "", "", "is empty"},
      {"yaml", "a: 1\n", "b", "lacks required key b"},
    };
    return Arrays.stream(cases)
        .map(
            c ->
                dynamicTest(
                    c[0] + " " + c[1].replace('\n', ' '),
                    () -> {
                      List<String> keys = c[2].isEmpty() ? List.of() : List.of(c[2].split(","));
                      assertThat(ConfigCheck.problem(c[1], c[0], keys).orElse("")).isEqualTo(c[3]);
                    }));
  }

  @Test
  void goldenCorruptMissingAndGoodFiles() throws Exception {
    Path good = Files.writeString(dir.resolve("config.json"), "{\"exchange\": {\"name\": \"x\"}}");
    Path corrupt = Files.writeString(dir.resolve("corrupt.yml"), "exchange: {name: x\n  - [\n");
    Path missing = dir.resolve("missing.json");
    Path data = Files.writeString(dir.resolve("prices.json"), "[]");
    Files.setLastModifiedTime(data, FileTime.fromMillis(1_767_225_000_500L));
    var files =
        new FileSources(
            List.of(
                new ConfigFile(good.toString(), null, List.of("exchange.name")),
                new ConfigFile(corrupt.toString(), null, null),
                new ConfigFile(missing.toString(), null, null)),
            List.of(dir.toString(), missing.toString()),
            List.of(
                new DataFile("prices", data.toString()),
                new DataFile("orderbook", missing.toString())));
    var collector = new FileCollector(Map.of("paper", files));

    String text = TestText.of(collector.collect()).replace(dir.toString(), "<tmp>");

    assertThat(text)
        .contains("bot_config_valid{bot=\"paper\",file=\"<tmp>/corrupt.yml\"} 0.0")
        .contains("bot_config_valid{bot=\"paper\",file=\"<tmp>/missing.json\"} 0.0");
    GoldenFiles.assertMatches(Path.of("src/test/resources/source/golden/files.prom"), text);
  }

  @Test
  void aConfigFileThatGetsCorruptedFlipsToZero() throws Exception {
    Path cfg = Files.writeString(dir.resolve("bot.json"), "{\"a\": 1}");
    var c = new ConfigFile(cfg.toString(), null, List.of("a"));
    assertThat(FileCollector.checkConfig(c)).isEmpty();
    Files.writeString(cfg, "{\"a\": 1"); // truncated mid-write, as a crashing bot leaves it
    assertThat(FileCollector.checkConfig(c)).contains("does not parse as json");
    Files.delete(cfg);
    assertThat(FileCollector.checkConfig(c)).contains("is missing");
  }
}
