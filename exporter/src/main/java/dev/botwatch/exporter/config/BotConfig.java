package dev.botwatch.exporter.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.exporter.collect.source.BotSources;

/**
 * One watched bot ({@code bots.<name>}): what {@code bot_info} says about it and what the exporter
 * reads besides its events (process, log files, files, probes, Freqtrade API). A bot that only
 * pushes events needs no entry here at all.
 */
public record BotConfig(BotInfo info, BotSources sources) implements Validatable {
  public BotConfig {
    info = info == null ? BotInfo.EMPTY : info;
    sources = sources == null ? BotSources.NONE : sources;
  }

  @Override
  public void validate(String path, Problems p) {
    sources.validate(path + ".sources", p);
  }
}
