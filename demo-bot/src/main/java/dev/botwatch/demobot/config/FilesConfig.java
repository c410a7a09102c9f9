package dev.botwatch.demobot.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;

/**
 * The files the bot writes, the ones the exporter watches. Each is optional (null: not written):
 * {@code log} (Python-style log, rotated at {@code log_max_bytes} keeping {@code log_backups}),
 * {@code config} (its strategy JSON, re-read each tick; created with defaults when missing), {@code
 * data} (rewritten on each price refresh), {@code pid} (its process id).
 */
public record FilesConfig(
    String log, Long logMaxBytes, Integer logBackups, String config, String data, String pid)
    implements Validatable {
  public FilesConfig {
    logMaxBytes = logMaxBytes == null ? 5L * 1024 * 1024 : logMaxBytes;
    logBackups = logBackups == null ? 2 : logBackups;
  }

  @Override
  public void validate(String path, Problems p) {
    p.require(logMaxBytes >= 1024, path + ".log_max_bytes", "must be >= 1024");
    p.require(logBackups >= 0, path + ".log_backups", "must be >= 0");
    for (String[] f :
        new String[][] {{"log", log}, {"config", config}, {"data", data}, {"pid", pid}}) {
      p.require(f[1] == null || !f[1].isBlank(), path + "." + f[0], "must not be blank");
    }
  }
}
