package dev.botwatch.exporter.collect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.botwatch.common.testing.GoldenFiles;
import dev.botwatch.exporter.TestText;
import dev.botwatch.exporter.collect.source.ProcessLookup.Candidate;
import dev.botwatch.exporter.collect.source.ProcessLookup.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class ProcessCollectorTest {
  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> pidFileParsing() {
    Object[][] cases = {
      {"1234\n", OptionalLong.of(1234)},
      {"  77  ", OptionalLong.of(77)},
      {"", OptionalLong.empty()},
      {"0", OptionalLong.empty()},
      {"-5", OptionalLong.empty()},
      {"12ab", OptionalLong.empty()},
      {"99999999999", OptionalLong.empty()},
    };
    return Arrays.stream(cases)
        .map(
            c ->
                dynamicTest(
                    "'" + c[0] + "'",
                    () -> assertThat(ProcessCollector.parsePid((String) c[0])).isEqualTo(c[1])));
  }

  @Test
  void goldenWithAFakeProcessTable() throws Exception {
    Path pidFile = Files.writeString(dir.resolve("a.pid"), "4242\n");
    Map<Long, Stats> live =
        Map.of(
            4242L, new Stats(4242, 1_767_225_000.25, 12.5, 150_000_000L, 9, 31),
            7L, new Stats(7, 1_767_000_000, 3, 80_000_000L, 2, -1));
    List<Candidate> table =
        List.of(
            new Candidate(9, "freqtrade", "freqtrade trade --config b.json", 1_767_100_000),
            new Candidate(7, "freqtrade", "freqtrade trade --config b.json", 1_767_000_000));
    ProcessLookup fake =
        new ProcessLookup() {
          @Override
          public Optional<Stats> byPid(long pid) {
            return Optional.ofNullable(live.get(pid));
          }

          @Override
          public List<Candidate> list() {
            return table;
          }
        };
    Map<String, ProcessSource> bots = new LinkedHashMap<>();
    bots.put("a", new ProcessSource(pidFile.toString(), null, null));
    bots.put("b", new ProcessSource(null, "freqtrade", null)); // oldest (pid 7) wins
    bots.put("c", new ProcessSource(dir.resolve("missing.pid").toString(), null, null));
    bots.put("d", new ProcessSource(null, null, "--config nope\\.json"));

    String text = TestText.of(new ProcessCollector(bots, () -> fake).collect());

    assertThat(text).contains("bot_process_up{bot=\"c\"} 0.0", "bot_process_up{bot=\"d\"} 0.0");
    assertThat(text).doesNotContain("bot_process_threads{bot=\"c\"}");
    GoldenFiles.assertMatches(Path.of("src/test/resources/source/golden/process.prom"), text);
  }

  @Test
  void aProcessThatDiesAndRestartsGoesUpDownUpWithANewStartTime() throws Exception {
    Path pidFile = dir.resolve("bot.pid");
    var collector =
        new ProcessCollector(Map.of("paper", new ProcessSource(pidFile.toString(), null, null)));
    Process first = null;
    Process second = null;
    try {
      first = new ProcessBuilder("sleep", "30").start();
      Files.writeString(pidFile, first.pid() + "\n");
      String up1 = TestText.of(collector.collect());
      assertThat(up1).contains("bot_process_up{bot=\"paper\"} 1.0");
      assertThat(up1).contains("bot_process_threads{bot=\"paper\"} 1.0");
      double start1 = value(up1, "bot_process_start_time_seconds");

      first.destroyForcibly();
      assertThat(first.waitFor(5, TimeUnit.SECONDS)).isTrue();
      String down = TestText.of(collector.collect()); // the pid file is now stale
      assertThat(down).contains("bot_process_up{bot=\"paper\"} 0.0");
      assertThat(down).doesNotContain("bot_process_start_time_seconds");

      Thread.sleep(1100); // start times have jiffy (10 ms) resolution, be well past it
      second = new ProcessBuilder("sleep", "30").start();
      Files.writeString(pidFile, second.pid() + "\n");
      String up2 = TestText.of(collector.collect());
      assertThat(up2).contains("bot_process_up{bot=\"paper\"} 1.0");
      assertThat(value(up2, "bot_process_start_time_seconds")).isGreaterThan(start1 + 0.5);
      assertThat(value(up2, "bot_process_resident_memory_bytes")).isPositive();
    } finally {
      if (first != null) {
        first.destroyForcibly();
      }
      if (second != null) {
        second.destroyForcibly();
      }
      collector.close();
    }
  }

  @Test
  void findsARealProcessByCommandLinePattern() throws Exception {
    Process child = new ProcessBuilder("sleep", "29.1234").start();
    try {
      var collector =
          new ProcessCollector(Map.of("x", new ProcessSource(null, null, "^sleep 29\\.1234$")));
      String text = TestText.of(collector.collect());
      assertThat(text).contains("bot_process_up{bot=\"x\"} 1.0");
      assertThat(value(text, "bot_process_open_fds")).isGreaterThanOrEqualTo(0);
    } finally {
      child.destroyForcibly();
    }
  }

  static double value(String exposition, String name) {
    return exposition
        .lines()
        .filter(l -> l.startsWith(name + "{"))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in\n" + exposition));
  }
}
