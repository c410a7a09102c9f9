package dev.botwatch.demobot.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.demobot.sim.LogLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BotLogTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00.123Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void writesLinesThePythonLoggingWay() throws Exception {
    Path file = dir.resolve("logs/bot.log");
    BotLog log = new BotLog(file, "paper", 1 << 20, 2, CLOCK);
    log.write(List.of(LogLine.info("started"), LogLine.error("API call failed")));
    assertThat(Files.readAllLines(file))
        .containsExactly(
            "2026-11-22 10:00:00,123 - paper - INFO - started",
            "2026-11-22 10:00:00,123 - paper - ERROR - API call failed");
  }

  @Test
  void rotatesLikeRotatingFileHandler() throws Exception {
    Path file = dir.resolve("bot.log");
    BotLog log = new BotLog(file, "paper", 1024, 2, CLOCK);
    for (int i = 0; i < 100; i++) {
      log.write(LogLine.info("line " + i + " " + "x".repeat(40)));
    }
    assertThat(Files.size(file)).isLessThanOrEqualTo(1024 + 100);
    assertThat(dir.resolve("bot.log.1")).exists();
    assertThat(dir.resolve("bot.log.2")).exists();
    assertThat(dir.resolve("bot.log.3")).doesNotExist();
    assertThat(Files.readString(file)).contains("line 99");
  }

  @Test
  void noFileMeansNoLog() {
    new BotLog(null, "paper", 1024, 2, CLOCK).write(LogLine.info("nothing"));
    assertThat(dir).isEmptyDirectory();
  }
}
