package dev.botwatch.exporter.collect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.botwatch.common.testing.GoldenFiles;
import dev.botwatch.exporter.TestText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
  @TempDir Path dir;
  final LogLevels defaults = new LogLevels(LogSource.DEFAULT_LEVELS);

  @TestFactory
  Stream<DynamicTest> defaultLevelsClassifyRealLines() {
    String[][] cases = {
      {"2026-11-22 08:50:01,123 - freqtrade.worker - INFO - Bot heartbeat. PID=4242", "info"},
      {"2026-11-22 08:50:01,123 - freqtrade.exchange - ERROR - got ERROR 502, retrying", "error"},
      {"2026-11-22 08:50:01,123 - freqtrade - INFO - Exchange returned ERROR 502", "info"},
      {"2026-11-22 08:50:01,123 - freqtrade.rpc - WARNING - Telegram timed out", "warning"},
      {"ERROR:root:connection reset", "error"},
      {"CRITICAL:bot:daily loss limit hit", "critical"},
      {"12:00:00.001 [main] WARN  d.b.Scanner - slow scan", "warning"},
      {"12:00:00.001 [main] DEBUG d.b.Scanner - tick", "debug"},
      {"level=fatal msg=\"exiting\" FATAL", "critical"},
      {"Traceback (most recent call last):", "other"},
      {"INFORMATION about ERRORS", "other"}, // whole words only
      {"", "other"},
    };
    return Arrays.stream(cases)
        .map(
            c ->
                dynamicTest(
                    "[" + c[0] + "]", () -> assertThat(defaults.classify(c[0])).isEqualTo(c[1])));
  }

  @Test
  void customLevelsTieGoesToTheFirstListed() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("alarm", "E\\d+");
    m.put("error", "E\\d+|ERR");
    LogLevels l = new LogLevels(m);
    assertThat(l.classify("x E42")).isEqualTo("alarm");
    assertThat(l.classify("ERR then E42")).isEqualTo("error");
    assertThat(l.labels()).containsExactly("alarm", "error", "other");
  }

  @Test
  void countsAppendedLinesAndAPartialLineOnceComplete() throws Exception {
    Path f = dir.resolve("bot.log");
    LogTail t = new LogTail(f, defaults, 1 << 20);
    t.poll(); // missing: nothing, no error
    assertThat(t.stat()).isNull();
    append(f, "a - INFO - one\nb - ERROR - two\nc - INFO - thr");
    t.poll();
    assertThat(t.counts()).containsEntry("info", 1L).containsEntry("error", 1L);
    append(f, "ee\r\n");
    t.poll();
    t.poll(); // nothing new: nothing re-counted
    assertThat(t.counts()).containsEntry("info", 2L).containsEntry("error", 1L);
    assertThat(t.counts().keySet())
        .containsExactly("critical", "error", "warning", "info", "debug", "other");
    t.close();
  }

  @Test
  void rotationByRenameFinishesTheOldFileThenReadsTheNewOneFromZero() throws Exception {
    Path f = dir.resolve("bot.log");
    LogTail t = new LogTail(f, defaults, 1 << 20);
    append(f, "INFO 1\nINFO 2\n");
    t.poll();
    // the writer still holds the old file: it writes two more lines (one unfinished) after the
    // rename, then reopens the path as a new file
    append(f, "WARNING 3\n");
    Files.move(f, dir.resolve("bot.log.1"));
    append(dir.resolve("bot.log.1"), "ERROR 4 unfinished");
    t.poll(); // path missing for a moment: the old file is still read
    assertThat(t.counts()).containsEntry("info", 2L).containsEntry("warning", 1L);
    append(f, "INFO 5\nDEBUG 6\n");
    t.poll();
    assertThat(t.counts())
        .containsEntry("info", 3L)
        .containsEntry("warning", 1L)
        .containsEntry("error", 1L)
        .containsEntry("debug", 1L);
    t.poll();
    assertThat(t.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
    t.close();
  }

  @Test
  void rotationWhileNotLookingLosesNothingAndCountsNothingTwice() throws Exception {
    Path f = dir.resolve("bot.log");
    LogTail t = new LogTail(f, defaults, 1 << 20);
    append(f, "INFO 1\n");
    t.poll();
    append(f, "INFO 2\n");
    Files.move(f, dir.resolve("bot.log.1"));
    append(f, "ERROR 3\n"); // new file already there before the next poll
    t.poll();
    assertThat(t.counts()).containsEntry("info", 2L).containsEntry("error", 1L);
    t.close();
  }

  @Test
  void truncationRestartsAtZero() throws Exception {
    Path f = dir.resolve("bot.log");
    LogTail t = new LogTail(f, defaults, 1 << 20);
    append(f, "INFO 1\nINFO 2\nINFO 3\n");
    t.poll();
    Files.write(f, new byte[0], StandardOpenOption.TRUNCATE_EXISTING); // copytruncate
    append(f, "ERROR a\n");
    t.poll();
    assertThat(t.counts()).containsEntry("info", 3L).containsEntry("error", 1L);
    append(f, "ERROR b\n");
    t.poll();
    assertThat(t.counts()).containsEntry("info", 3L).containsEntry("error", 2L);
    t.close();
  }

  @Test
  void aBacklogIsCaughtUpOverSeveralPollsWithinTheByteBudget() throws Exception {
    Path f = dir.resolve("bot.log");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      sb.append("INFO line ").append(1000 + i).append('\n'); // 15 bytes each
    }
    append(f, sb.toString());
    LogTail t = new LogTail(f, defaults, 4000);
    t.poll();
    assertThat(t.counts().get("info")).isBetween(260L, 267L);
    for (int i = 0; i < 10; i++) {
      t.poll();
    }
    assertThat(t.counts().get("info")).isEqualTo(1000L);
    t.close();
  }

  @Test
  void goldenCollectorOutput() throws Exception {
    Path f = dir.resolve("freqtrade.log");
    append(f, "2026 - ft - INFO - start\n2026 - ft - WARNING - slow\n2026 - ft - INFO - ok\n");
    Files.setLastModifiedTime(f, FileTime.fromMillis(1_767_225_600_000L));
    var c =
        new LogFileCollector(
            Map.of(
                "paper",
                List.of(
                    new LogSource(f.toString(), "freqtrade", null),
                    new LogSource(
                        dir.resolve("gone.log").toString(), null, Map.of("error", "ERR")))));
    String text = TestText.of(c.collect()).replace(dir.toString(), "<tmp>");
    c.close();
    GoldenFiles.assertMatches(Path.of("src/test/resources/source/golden/logfile.prom"), text);
  }

  static void append(Path f, String s) throws Exception {
    Files.writeString(f, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
