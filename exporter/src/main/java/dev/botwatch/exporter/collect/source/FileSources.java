package dev.botwatch.exporter.collect.source;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.util.List;

/**
 * Files a bot depends on: {@code config} files that must exist and parse, {@code writable} files or
 * directories it must be able to write (state, database, log directory), and {@code data} files
 * whose modification time says how fresh a data source is.
 */
public record FileSources(List<ConfigFile> config, List<String> writable, List<DataFile> data)
    implements Validatable {

  public static final FileSources NONE = new FileSources(null, null, null);

  public FileSources {
    config = BotSources.listOf(config);
    writable = BotSources.listOf(writable);
    data = BotSources.listOf(data);
  }

  public boolean isEmpty() {
    return config.isEmpty() && writable.isEmpty() && data.isEmpty();
  }

  /**
   * A config file: {@code format} is {@code json} or {@code yaml} (default by extension: {@code
   * .yml}/{@code .yaml} are YAML, everything else JSON); {@code required_keys} are dotted paths
   * into nested objects ({@code exchange.name}) that must be present and not null.
   */
  public record ConfigFile(String path, String format, List<String> requiredKeys)
      implements Validatable {
    public ConfigFile {
      if (format == null && path != null) {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        format = lower.endsWith(".yml") || lower.endsWith(".yaml") ? "yaml" : "json";
      }
      requiredKeys = BotSources.listOf(requiredKeys);
    }

    @Override
    public void validate(String at, Problems p) {
      p.notBlank(path, at + ".path");
      p.require(
          "json".equals(format) || "yaml".equals(format), at + ".format", "must be json or yaml");
      for (int i = 0; i < requiredKeys.size(); i++) {
        String k = requiredKeys.get(i);
        p.require(
            k != null && k.matches("[^.]+(\\.[^.]+)*"),
            at + ".required_keys[" + i + "]",
            "must be a dotted key path like exchange.name");
      }
    }
  }

  /** A data file whose mtime is {@code bot_data_updated_timestamp_seconds{source}}. */
  public record DataFile(String source, String path) implements Validatable {
    @Override
    public void validate(String at, Problems p) {
      p.notBlank(source, at + ".source");
      p.notBlank(path, at + ".path");
    }
  }

  @Override
  public void validate(String at, Problems p) {
    for (int i = 0; i < config.size(); i++) {
      if (config.get(i) == null) {
        p.add(at + ".config[" + i + "]", "must not be empty");
      } else {
        config.get(i).validate(at + ".config[" + i + "]", p);
      }
    }
    for (int i = 0; i < writable.size(); i++) {
      p.notBlank(writable.get(i), at + ".writable[" + i + "]");
    }
    java.util.Set<String> sources = new java.util.HashSet<>();
    for (int i = 0; i < data.size(); i++) {
      DataFile d = data.get(i);
      if (d == null) {
        p.add(at + ".data[" + i + "]", "must not be empty");
        continue;
      }
      d.validate(at + ".data[" + i + "]", p);
      p.require(
          d.source() == null || sources.add(d.source()),
          at + ".data[" + i + "].source",
          "repeats " + d.source());
    }
  }
}
