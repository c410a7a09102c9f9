package dev.botwatch.exporter.collect.source;

import dev.botwatch.exporter.collect.Collector;
import dev.botwatch.exporter.collect.source.FileSources.ConfigFile;
import dev.botwatch.exporter.collect.source.FileSources.DataFile;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the files bots depend on. Exports, per bot:
 *
 * <pre>
 * bot_config_valid{bot,file}                     1 if the config file exists, parses and has its
 *                                                required keys; 0 otherwise (also when missing)
 * bot_file_writable{bot,file}                    1 if the file or directory exists and is writable
 * bot_data_updated_timestamp_seconds{bot,source} the data file's mtime; 0 when it is missing, so
 *                                                "data age" alerts fire rather than go quiet
 * </pre>
 */
public final class FileCollector implements Collector {
  private static final Logger log = LoggerFactory.getLogger(FileCollector.class);

  /** Config files are small; a bigger one is not a config file and is not read whole. */
  static final long MAX_CONFIG_BYTES = 4 << 20;

  private final Map<String, FileSources> byBot;

  public FileCollector(Map<String, FileSources> byBot) {
    this.byBot = new LinkedHashMap<>(byBot);
  }

  @Override
  public String name() {
    return "files";
  }

  @Override
  public MetricSnapshots collect() {
    MetricsOut out = new MetricsOut();
    byBot.forEach(
        (bot, f) -> {
          for (ConfigFile c : f.config()) {
            Optional<String> problem = checkConfig(c);
            problem.ifPresent(p -> log.debug("bot {} config {} {}", bot, c.path(), p));
            out.gauge(
                "bot_config_valid",
                "Whether the config file exists, parses and has its required keys (1) or not (0).",
                problem.isEmpty() ? 1 : 0,
                "bot",
                bot,
                "file",
                c.path());
          }
          for (String w : f.writable()) {
            Path p = Path.of(w);
            out.gauge(
                "bot_file_writable",
                "Whether the file or directory exists and is writable by the exporter's user.",
                Files.exists(p) && Files.isWritable(p) ? 1 : 0,
                "bot",
                bot,
                "file",
                w);
          }
          for (DataFile d : f.data()) {
            out.gauge(
                "bot_data_updated_timestamp_seconds",
                "When the data source was last updated, Unix seconds (0: never, or file missing).",
                mtimeSeconds(Path.of(d.path())),
                "bot",
                bot,
                "source",
                d.source());
          }
        });
    return out.build();
  }

  static Optional<String> checkConfig(ConfigFile c) {
    Path p = Path.of(c.path());
    try {
      if (!Files.isRegularFile(p)) {
        return Optional.of("is missing");
      }
      if (Files.size(p) > MAX_CONFIG_BYTES) {
        return Optional.of("is larger than " + MAX_CONFIG_BYTES + " bytes");
      }
      String text = Files.readString(p, StandardCharsets.UTF_8);
      return ConfigCheck.problem(text, c.format(), c.requiredKeys());
    } catch (IOException e) {
      return Optional.of("cannot be read: " + e.getClass().getSimpleName());
    }
  }

  static double mtimeSeconds(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis() / 1000.0;
    } catch (IOException e) {
      return 0;
    }
  }
}
