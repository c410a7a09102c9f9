package dev.botwatch.exporter;

import dev.botwatch.common.Launcher;
import dev.botwatch.common.http.Exposition;
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
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
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
 *
 * <p>The registry is served through an {@link Exposition}: ingest and every collector run mark it
 * changed, so the registry is scraped and rendered once per change and the bytes are shared by
 * every scraper until the next; what changes without notice (the JVM's own metrics) is at most
 * {@link #MAX_AGE} old (twice that for scrapers that come more often).
 */
public final class Exporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Exporter.class);

  /** How long a rendering serves without a change: bounds the age of the JVM's own metrics. */
  static final Duration MAX_AGE = Duration.ofSeconds(1);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Exposition exposition;
  private final CollectorRunner runner;
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
    this(cfg, collectors, Clock.systemUTC(), System::nanoTime);
  }

  /**
   * With the clock that times bot expiry and the one that ages the exposition ({@link
   * System#nanoTime} outside tests).
   */
  public Exporter(
      ExporterConfig cfg, List<Collector> collectors, Clock clock, LongSupplier nanoClock) {
    exposition = new Exposition(registry::scrape, MAX_AGE, nanoClock);
    runner = new CollectorRunner(exposition::changed);
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
            new BotExpiry(cfg.ingest().botExpiry(), infos.keySet(), clock),
            exposition::changed);
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
    // The JVM's metrics cost ~300 ms of MXBean class loading: off the start-up path, before
    // readiness.
    Thread t =
        new Thread(
            () -> {
              try {
                registerJvmMetrics(jvm);
              } finally {
                exposition.changed();
                jvmRegistered.complete(null);
              }
            },
            "jvm-metrics-init");
    t.setDaemon(true);
    t.start();
    long t0 = System.nanoTime();
    whenReady()
        .thenRun(
            () ->
                log.info(
                    "ready: every collector has run once, {} ms after the process started",
                    Launcher.sinceProcessStart(t0).toMillis()));
    return this;
  }

  /**
   * client_java's JvmMetrics without its native-memory part: that one only reports with
   * -XX:NativeMemoryTracking, which we do not ship, yet it starts the platform MBean server, and
   * with it the JFR management beans: ~400 classes (~4 MiB) for series that never appear.
   */
  private static void registerJvmMetrics(PrometheusRegistry r) {
    JvmThreadsMetrics.builder().register(r);
    JvmBufferPoolMetrics.builder().register(r);
    JvmClassLoadingMetrics.builder().register(r);
    JvmCompilationMetrics.builder().register(r);
    JvmGarbageCollectorMetrics.builder().register(r);
    JvmMemoryPoolAllocationMetrics.builder().register(r);
    JvmMemoryMetrics.builder().register(r);
    JvmRuntimeInfoMetric.builder().register(r);
    ProcessMetrics.builder().register(r);
  }

  /** True once every collector has run once and JVM metrics are registered. */
  public boolean ready() {
    return runner.ready() && jvmRegistered.isDone();
  }

  /** Completes when {@link #ready()} turns true. */
  public CompletableFuture<Void> whenReady() {
    return CompletableFuture.allOf(runner.firstRound(), jvmRegistered);
  }

  /** What {@code /metrics} serves. */
  /**
   * The registry {@code /metrics} serves, for what the HTTP layer counts itself (slow clients
   * closed); such counters show within {@link #MAX_AGE}.
   */
  public PrometheusRegistry registry() {
    return registry;
  }

  public Exposition exposition() {
    return exposition;
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
