package dev.botwatch.exporter.collect.source;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the exporter reads about one bot besides the events it pushes: its process, log files,
 * config/critical/data files, probes of what it depends on, and a Freqtrade REST API. Every part is
 * optional; an empty {@code sources:} watches nothing. See docs/sources.md for every key.
 *
 * <pre>{@code
 * sources:
 *   process: {pid_file: /run/bot/bot.pid}
 *   logs: [{path: /var/log/bot/bot.log}]
 *   files: {config: [{path: /etc/bot/config.json, required_keys: [exchange.name]}]}
 *   probes: [{name: exchange, kind: http, url: https://api.exchange.example/ping}]
 *   freqtrade: {url: http://127.0.0.1:8080, username: bw, password: {env: FT_PASSWORD}}
 * }</pre>
 */
public record BotSources(
    ProcessSource process,
    List<LogSource> logs,
    FileSources files,
    List<ProbeSource> probes,
    FreqtradeSource freqtrade)
    implements Validatable {

  public BotSources {
    logs = listOf(logs);
    files = files == null ? FileSources.NONE : files;
    probes = listOf(probes);
  }

  /**
   * An unmodifiable copy that keeps null items ({@code logs: [~]}), so validate() can name them by
   * path; List.copyOf would fail inside the YAML mapper with a message that names nothing.
   */
  static <T> List<T> listOf(List<T> items) {
    return items == null
        ? List.of()
        : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
  }

  public static final BotSources NONE = new BotSources(null, null, null, null, null);

  @Override
  public void validate(String path, Problems p) {
    if (process != null) {
      process.validate(path + ".process", p);
    }
    Set<String> logNames = new HashSet<>();
    for (int i = 0; i < logs.size(); i++) {
      String at = path + ".logs[" + i + "]";
      LogSource l = logs.get(i);
      if (l == null) {
        p.add(at, "must not be empty");
        continue;
      }
      l.validate(at, p);
      p.require(l.label() == null || logNames.add(l.label()), at, "repeats file " + l.label());
    }
    files.validate(path + ".files", p);
    Set<String> probeNames = new HashSet<>();
    for (int i = 0; i < probes.size(); i++) {
      String at = path + ".probes[" + i + "]";
      ProbeSource s = probes.get(i);
      if (s == null) {
        p.add(at, "must not be empty");
        continue;
      }
      s.validate(at, p);
      p.require(
          s.target() == null || probeNames.add(s.target()), at, "repeats target " + s.target());
    }
    if (freqtrade != null) {
      freqtrade.validate(path + ".freqtrade", p);
    }
  }
}
