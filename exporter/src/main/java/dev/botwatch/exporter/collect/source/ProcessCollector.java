package dev.botwatch.exporter.collect.source;

import dev.botwatch.exporter.collect.Collector;
import dev.botwatch.exporter.collect.source.ProcessLookup.Candidate;
import dev.botwatch.exporter.collect.source.ProcessLookup.Stats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Finds each bot's process (pid file, name or command-line pattern) and exports, per bot:
 *
 * <pre>
 * bot_process_up{bot}                         1 if found and alive, else 0 (and nothing else)
 * bot_process_start_time_seconds{bot}         Unix start time; changes() counts restarts
 * bot_process_cpu_seconds_total{bot}          user + system CPU time
 * bot_process_resident_memory_bytes{bot}      RSS
 * bot_process_threads{bot}                    thread count
 * bot_process_open_fds{bot}                   open file descriptors (left out where unknown)
 * </pre>
 *
 * A missing or stale pid file, or no match, is {@code up 0} with the other series left out: a
 * vanished process never keeps reporting its last figures.
 */
public final class ProcessCollector implements Collector {
  private final Map<String, ProcessSource> byBot;
  private final Map<String, Pattern> patterns = new LinkedHashMap<>();
  private final Supplier<ProcessLookup> create;
  private ProcessLookup lookup;

  public ProcessCollector(Map<String, ProcessSource> byBot) {
    this(byBot, OshiProcessLookup::new);
  }

  ProcessCollector(Map<String, ProcessSource> byBot, Supplier<ProcessLookup> create) {
    this.byBot = new LinkedHashMap<>(byBot);
    this.create = create;
    byBot.forEach(
        (bot, s) -> {
          if (s.cmdlinePattern() != null) {
            patterns.put(bot, Pattern.compile(s.cmdlinePattern()));
          }
        });
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public MetricSnapshots collect() {
    if (lookup == null) {
      lookup = create.get();
    }
    List<Candidate> all = null; // listed at most once per run, and only if a bot needs it
    MetricsOut out = new MetricsOut();
    for (var e : byBot.entrySet()) {
      String bot = e.getKey();
      ProcessSource s = e.getValue();
      OptionalLong pid;
      if (s.pidFile() != null) {
        pid = readPidFile(Path.of(s.pidFile()));
      } else {
        all = all != null ? all : lookup.list();
        Optional<Candidate> c =
            s.name() != null
                ? ProcessLookup.oldestNamed(all, s.name())
                : ProcessLookup.oldestMatching(all, patterns.get(bot));
        pid = c.map(x -> OptionalLong.of(x.pid())).orElse(OptionalLong.empty());
      }
      Optional<Stats> st = pid.isPresent() ? lookup.byPid(pid.getAsLong()) : Optional.empty();
      out.gauge(
          "bot_process_up",
          "Whether the bot's process is running (1) or not (0).",
          st.isPresent() ? 1 : 0,
          "bot",
          bot);
      st.ifPresent(x -> export(out, bot, x));
    }
    return out.build();
  }

  private static void export(MetricsOut out, String bot, Stats x) {
    out.gauge(
        "bot_process_start_time_seconds",
        "Start time of the bot's process, Unix seconds.",
        x.startTimeSeconds(),
        "bot",
        bot);
    out.counter(
        "bot_process_cpu_seconds",
        "User and system CPU time of the bot's process.",
        x.cpuSeconds(),
        "bot",
        bot);
    out.gauge(
        "bot_process_resident_memory_bytes",
        "Resident memory of the bot's process.",
        x.residentBytes(),
        "bot",
        bot);
    out.gauge("bot_process_threads", "Threads of the bot's process.", x.threads(), "bot", bot);
    if (x.openFds() >= 0) {
      out.gauge(
          "bot_process_open_fds",
          "Open file descriptors of the bot's process.",
          x.openFds(),
          "bot",
          bot);
    }
  }

  static OptionalLong readPidFile(Path file) {
    try {
      return parsePid(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty(); // missing or unreadable: the process is not known to run
    }
  }

  /** A pid file holds a positive number, maybe with whitespace around it; anything else is none. */
  static OptionalLong parsePid(String text) {
    String t = text.strip();
    if (!t.matches("[0-9]{1,10}")) {
      return OptionalLong.empty();
    }
    long pid = Long.parseLong(t);
    return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
  }
}
