package dev.botwatch.exporter.collect.source;

import dev.botwatch.exporter.collect.Collector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one place that turns every bot's {@link BotSources} into collectors: one collector per kind
 * of source ({@code process}, {@code logfile}, {@code files}, {@code probe}, {@code freqtrade}),
 * each serving all bots with a {@code bot} label, and only for kinds some bot configures.
 */
public final class SourceCollectors {
  private SourceCollectors() {}

  public static List<Collector> create(Map<String, BotSources> byBot) {
    List<Collector> out = new ArrayList<>();
    Map<String, ProcessSource> process = pick(byBot, BotSources::process, s -> s != null);
    if (!process.isEmpty()) {
      out.add(new ProcessCollector(process));
    }
    Map<String, List<LogSource>> logs = pick(byBot, BotSources::logs, l -> !l.isEmpty());
    if (!logs.isEmpty()) {
      out.add(new LogFileCollector(logs));
    }
    Map<String, FileSources> files = pick(byBot, BotSources::files, f -> !f.isEmpty());
    if (!files.isEmpty()) {
      out.add(new FileCollector(files));
    }
    Map<String, List<ProbeSource>> probes = pick(byBot, BotSources::probes, l -> !l.isEmpty());
    if (!probes.isEmpty()) {
      out.add(new ProbeCollector(probes));
    }
    Map<String, FreqtradeSource> ft = pick(byBot, BotSources::freqtrade, s -> s != null);
    if (!ft.isEmpty()) {
      out.add(new FreqtradeCollector(ft));
    }
    return out;
  }

  private static <T> Map<String, T> pick(
      Map<String, BotSources> byBot, Function<BotSources, T> part, Predicate<T> configured) {
    Map<String, T> out = new LinkedHashMap<>();
    byBot.forEach(
        (bot, sources) -> {
          T t = sources == null ? null : part.apply(sources);
          if (t != null && configured.test(t)) {
            out.put(bot, t);
          }
        });
    return out;
  }
}
