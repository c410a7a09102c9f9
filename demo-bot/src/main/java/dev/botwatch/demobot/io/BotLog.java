package dev.botwatch.demobot.io;

import dev.botwatch.demobot.sim.LogLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's own log, written the way Python's {@code logging} writes it, so the exporter's log
 * collector sees what it sees from real bots: {@code 2026-11-22 10:00:00,123 - paper - INFO -
 * message}, in the clock's zone. Rotates like {@code RotatingFileHandler}: past {@code maxBytes}
 * the file becomes {@code .1} (older ones shift up to {@code backups}). A write failure is reported
 * once on stderr, then retried silently on every write.
 */
public final class BotLog {
  private static final Logger log = LoggerFactory.getLogger(BotLog.class);
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  private final Path file;
  private final String name;
  private final long maxBytes;
  private final int backups;
  private final Clock clock;
  private boolean failing;

  public BotLog(Path file, String name, long maxBytes, int backups, Clock clock) {
    this.file = file;
    this.name = name;
    this.maxBytes = maxBytes;
    this.backups = backups;
    this.clock = clock;
  }

  /** Formats one line without its newline (pure). */
  public static String format(java.time.ZonedDateTime at, String name, LogLine line) {
    return TIME.format(at) + " - " + name + " - " + line.level() + " - " + line.message();
  }

  public synchronized void write(List<LogLine> lines) {
    if (file == null || lines.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    var now = clock.instant().atZone(clock.getZone());
    for (LogLine l : lines) {
      sb.append(format(now, name, l)).append('\n');
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      rotateIfNeeded();
      Files.writeString(
          file,
          sb,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
      if (failing) {
        log.info("writing the bot log {} again", file);
        failing = false;
      }
    } catch (IOException e) {
      if (!failing) {
        log.warn("cannot write the bot log {}: {}", file, e.toString());
        failing = true;
      }
    }
  }

  public void write(LogLine line) {
    write(List.of(line));
  }

  private void rotateIfNeeded() throws IOException {
    if (!Files.exists(file) || Files.size(file) < maxBytes) {
      return;
    }
    if (backups == 0) {
      Files.delete(file);
      return;
    }
    for (int i = backups - 1; i >= 1; i--) {
      Path from = backup(i);
      if (Files.exists(from)) {
        Files.move(from, backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, backup(1), StandardCopyOption.REPLACE_EXISTING);
  }

  Path backup(int i) {
    return file.resolveSibling(file.getFileName() + "." + i);
  }
}
