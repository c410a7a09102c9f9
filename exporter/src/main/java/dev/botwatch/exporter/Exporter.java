package dev.botwatch.exporter;

import dev.botwatch.exporter.collect.Collector;
import dev.botwatch.exporter.collect.CollectorRunner;
import dev.botwatch.exporter.collect.Snapshots;
import dev.botwatch.exporter.collect.host.HostCollector;
import dev.botwatch.exporter.collect.source.BotSources;
import dev.botwatch.exporter.collect.source.SourceCollectors;
import dev.botwatch.exporter.config.BotInfo;
import dev.botwatch.exporter.config.CollectorSettings;
import dev.botwatch.exporter.config.ExporterConfig;
import dev.botwatch.exporter.ingest.BotExpiry;
import dev.botwatch.exporter.ingest.EventMetrics;
import dev.botwatch.exporter.ingest.EventParser;
import dev.botwatch.exporter.ingest.Ingest;
import dev.botwatch.exporter.ingest.LabelGuard;
import dev.botwatch.exporter.ingest.SelfMetrics;
import dev.botwatch.exporter.ingest.StateCollector;
import dev.botwatch.exporter.ingest.StateParser;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter without HTTP: builds the collectors, the ingest pipeline and the one registry that
 * {@code /metrics} serves, from the config. That registry holds a single collector that merges
 * every source ({@link Snapshots}), in this order of precedence when two export the same series:
 * pushed events, state snapshots, scheduled collectors (host, process, log files, files, probes,
 * Freqtrade; plus botwatch_collector_*), bot_info from config alone, the exporter's own counters,
 * JVM metrics. bot_info is kept to one series per bot (the first by that order), because rules and
 * dashboards join on it by {@code bot}.
 */
public final class Exporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Exporter.class);

  private final CollectorRunner runner = new CollectorRunner();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Ingest ingest;
  private final PrometheusRegistry jvm = new PrometheusRegistry();
  private final CompletableFuture<Void> jvmRegistered = new CompletableFuture<>();

  public Exporter(ExporterConfig cfg) {
    this(cfg, collectors(cfg));
  }

  /**
   * With an explicit list of (named) collectors, each scheduled by its {@code collectors.<name>}.
   */
  public Exporter(ExporterConfig cfg, List<Collector> collectors) {
    this(cfg, collectors, Clock.systemUTC());
  }

  /** With the clock that times bot expiry. */
  public Exporter(ExporterConfig cfg, List<Collector> collectors, Clock clock) {
    for (Collector c : collectors) {
      CollectorSettings s = cfg.collector(c.name());
      runner.add(c, CollectorRunner.Schedule.every(s.interval(), s.timeout()));
    }
    Map<String, BotInfo> infos = new LinkedHashMap<>();
    cfg.bots().forEach((bot, b) -> infos.put(bot, b.info()));
    EventMetrics events = new EventMetrics();
    StateCollector state = new StateCollector(infos);
    String version = Exporter.class.getPackage().getImplementationVersion();
    SelfMetrics self = new SelfMetrics(version == null ? "dev" : version);
    LabelGuard guard = new LabelGuard(cfg.ingest().maxBots(), cfg.ingest().maxLabelValues());
    // Configured bots count against max_bots from the start.
    guard.admit(infos.keySet().stream().map(b -> LabelGuard.Use.bot(b, "bot")).toList());
    ingest =
        new Ingest(
            new EventParser(() -> clock.millis() / 1000.0),
            new StateParser(() -> clock.millis() / 1000.0),
            guard,
            events,
            state,
            self,
            new BotExpiry(cfg.ingest().botExpiry(), infos.keySet(), clock));
    registry.register(
        () -> {
          ingest.expireIdle(); // a scrape is when series that should go must be gone
          return Snapshots.merge(
              Snapshots.oneSeriesPerBot(
                  "bot_info",
                  List.<MetricSnapshots>of(
                      events.registry().scrape(),
                      state.collect(),
                      runner.collect(),
                      state.configuredInfo(),
                      self.registry().scrape(),
                      jvm.scrape())),
              conflict -> log.debug("dropped: {}", conflict));
        });
  }

  /** The enabled collectors of the config: host, then the per-bot sources. */
  static List<Collector> collectors(ExporterConfig cfg) {
    List<Collector> all = new ArrayList<>();
    all.add(new HostCollector());
    Map<String, BotSources> sources = new LinkedHashMap<>();
    cfg.bots().forEach((bot, b) -> sources.put(bot, b.sources()));
    all.addAll(SourceCollectors.create(sources));
    return all.stream().filter(c -> cfg.collector(c.name()).isEnabled()).toList();
  }

  /** Starts the collectors: each runs once now, then on its schedule. */
  public Exporter start() {
    runner.start();
    // JvmMetrics costs ~300 ms of MXBean class loading: off the start-up path, before readiness.
    Thread t =
        new Thread(
            () -> {
              try {
                JvmMetrics.builder().register(jvm);
              } finally {
                jvmRegistered.complete(null);
              }
            },
            "jvm-metrics-init");
    t.setDaemon(true);
    t.start();
    return this;
  }

  /** True once every collector has run once and JVM metrics are registered. */
  public boolean ready() {
    return runner.ready() && jvmRegistered.isDone();
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public Ingest ingest() {
    return ingest;
  }

  public List<String> collectorNames() {
    return runner.names();
  }

  @Override
  public void close() {
    runner.close();
  }
}
