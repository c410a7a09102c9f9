package dev.botwatch.exporter.collect.source;

import dev.botwatch.exporter.collect.Collector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every bot's log files ({@link LogTail}: rotation- and truncation-safe) and exports:
 *
 * <pre>
 * bot_log_file_size_bytes{bot,file}               size now (left out while the file is missing)
 * bot_log_last_write_timestamp_seconds{bot,file}  mtime; 0 while missing, so "log inactive" fires
 * bot_log_lines_total{bot,file,level}             lines per level, every level pre-created at 0
 * </pre>
 *
 * The {@code file} label is the configured name or path, so its values are bounded by the config.
 */
public final class LogFileCollector implements Collector {
  private static final Logger log = LoggerFactory.getLogger(LogFileCollector.class);
  static final long MAX_BYTES_PER_POLL = 16L << 20;

  private record Tailed(String bot, String file, LogTail tail) {}

  private final List<Tailed> tails = new ArrayList<>();

  public LogFileCollector(Map<String, List<LogSource>> byBot) {
    this(byBot, MAX_BYTES_PER_POLL);
  }

  LogFileCollector(Map<String, List<LogSource>> byBot, long maxBytesPerPoll) {
    new LinkedHashMap<>(byBot)
        .forEach(
            (bot, logs) ->
                logs.forEach(
                    l ->
                        tails.add(
                            new Tailed(
                                bot,
                                l.label(),
                                new LogTail(
                                    Path.of(l.path()),
                                    new LogLevels(l.levels()),
                                    maxBytesPerPoll)))));
  }

  @Override
  public String name() {
    return "logfile";
  }

  @Override
  public MetricSnapshots collect() throws IOException {
    MetricsOut out = new MetricsOut();
    IOException failed = null;
    for (Tailed t : tails) {
      try {
        t.tail().poll();
      } catch (IOException e) {
        // One unreadable file must not stop the others; the run still fails afterwards.
        log.warn("bot {} log {}: {}", t.bot(), t.file(), e.toString());
        failed = e;
      }
      BasicFileAttributes st = t.tail().stat();
      if (st != null) {
        out.gauge(
            "bot_log_file_size_bytes",
            "Size of the bot's log file.",
            st.size(),
            "bot",
            t.bot(),
            "file",
            t.file());
      }
      out.gauge(
          "bot_log_last_write_timestamp_seconds",
          "Last modification of the bot's log file, Unix seconds (0 while it is missing).",
          st == null ? 0 : st.lastModifiedTime().toMillis() / 1000.0,
          "bot",
          t.bot(),
          "file",
          t.file());
      t.tail()
          .counts()
          .forEach(
              (level, n) ->
                  out.counter(
                      "bot_log_lines",
                      "Lines written to the bot's log file, by level.",
                      n,
                      "bot",
                      t.bot(),
                      "file",
                      t.file(),
                      "level",
                      level));
    }
    if (failed != null) {
      throw failed;
    }
    return out.build();
  }

  @Override
  public void close() {
    for (Tailed t : tails) {
      try {
        t.tail().close();
      } catch (IOException e) {
        log.debug("closing {}: {}", t.file(), e.toString());
      }
    }
  }
}
