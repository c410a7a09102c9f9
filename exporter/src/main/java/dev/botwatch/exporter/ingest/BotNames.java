package dev.botwatch.exporter.ingest;

import dev.botwatch.exporter.config.ExporterConfig;

/** The one check of a bot name, shared by events, the state path and config. */
public final class BotNames {
  private BotNames() {}

  public static String check(String name, String field) {
    if (name == null || !ExporterConfig.BOT_NAME.matcher(name).matches()) {
      throw IngestException.invalid(field, "must match [A-Za-z0-9_.-]{1,64}");
    }
    return name;
  }
}
