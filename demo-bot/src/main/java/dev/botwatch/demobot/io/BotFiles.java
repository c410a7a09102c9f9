package dev.botwatch.demobot.io;

import dev.botwatch.demobot.sim.Strategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files besides the log that the exporter watches: the strategy config (read every tick,
 * created with defaults when missing, corrupted on request), the price data file (rewritten on each
 * refresh, so its mtime is the data's age) and the pid file. Any of them may be absent from the
 * config; then the methods do nothing.
 */
public final class BotFiles {
  /** What {@code broken_config} writes: cut off mid-object, like a crash during a save. */
  static final String BROKEN =
      "{\"strategy\": \"momentum\", \"max_positions\": 5, \"pairs\": [\"BTC/";

  private final Path config;
  private final Path data;
  private final Path pid;

  public BotFiles(Path config, Path data, Path pid) {
    this.config = config;
    this.data = data;
    this.pid = pid;
  }

  public boolean hasConfig() {
    return config != null;
  }

  public Path config() {
    return config;
  }

  /**
   * Creates the strategy file with defaults when it is missing, and keeps a known-good copy next to
   * it ({@code <file>.good}) when it is valid: what the responder's restore_file can put back.
   */
  public void prepare() throws IOException {
    for (Path p : new Path[] {config, data, pid}) {
      if (p != null && p.toAbsolutePath().getParent() != null) {
        Files.createDirectories(p.toAbsolutePath().getParent());
      }
    }
    if (config != null) {
      if (!Files.exists(config)) {
        writeAtomically(config, Strategy.DEFAULT.toJson());
      }
      if (readConfig().isValid()) {
        Files.copy(config, knownGood(), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (pid != null) {
      writeAtomically(pid, ProcessHandle.current().pid() + "\n");
    }
  }

  public Path knownGood() {
    return config == null ? null : config.resolveSibling(config.getFileName() + ".good");
  }

  /** Reads and validates the strategy file; null when none is configured. */
  public Strategy.Check readConfig() {
    if (config == null) {
      return null;
    }
    try {
      return Strategy.parse(Files.readString(config, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Strategy.Check.invalid("file is missing");
    } catch (IOException e) {
      return Strategy.Check.invalid("cannot read: " + e.getClass().getSimpleName());
    }
  }

  /** Overwrites the strategy file with invalid JSON in place (same inode, like a bad save). */
  public void breakConfig() throws IOException {
    if (config != null) {
      Files.writeString(config, BROKEN, StandardCharsets.UTF_8);
    }
  }

  /** Puts a valid strategy back (the {@code DELETE /faults/broken_config} shortcut). */
  public void restoreConfig(Strategy last) throws IOException {
    if (config != null) {
      writeAtomically(config, last.toJson());
    }
  }

  /** Rewrites the data file with fresh prices: its mtime says how old the data is. */
  public void writePrices(double now, Map<String, Double> prices) throws IOException {
    if (data == null) {
      return;
    }
    String body =
        prices.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
            .collect(Collectors.joining(", ", "{\"updated\": " + now + ", \"prices\": {", "}}\n"));
    writeAtomically(data, body);
  }

  public void removePid() {
    if (pid == null) {
      return;
    }
    try {
      // Only our own: a restarted bot may already have written its pid there.
      if (Files.readString(pid).strip().equals(String.valueOf(ProcessHandle.current().pid()))) {
        Files.delete(pid);
      }
    } catch (IOException e) {
      // Gone already or unreadable: nothing of ours to remove.
    }
  }

  private static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
