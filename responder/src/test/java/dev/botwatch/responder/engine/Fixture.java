package dev.botwatch.responder.engine;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.common.testing.ManualClock;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.alert.PayloadException;
import dev.botwatch.responder.alert.PayloadParser;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.notice.NoticeDelivery;
import dev.botwatch.responder.notice.NoticeMessages;
import dev.botwatch.responder.notice.RecordingChannels;
import dev.botwatch.responder.store.SqlStore;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.store.TestPostgres;
import dev.botwatch.responder.watchdog.WatchdogNotifier;
import dev.botwatch.responder.work.BotQueues;
import dev.botwatch.responder.work.ManualExecutor;
import dev.botwatch.responder.work.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The engine with nothing real but its store (a SQLite file): a manual clock and scheduler, bot
 * queues that drain when the test says so, fake actions and a recording notice channel. Retry
 * backoff moves the manual clock instead of sleeping. Every call returns with the queues drained.
 */
final class Fixture implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

  final ManualClock clock = new ManualClock(T0);
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final ManualExecutor workers = new ManualExecutor();
  final ResponderConfig config;
  final Store store;
  final FakeActions actions;
  final RecordingChannels channels = new RecordingChannels();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final ResponderMetrics metrics = new ResponderMetrics(registry);
  private final BotQueues queues = new BotQueues(workers);
  private final PayloadParser parser = new PayloadParser();
  Engine engine;

  /** {@code yaml}: the responder config below {@code bots:} and the rest; bots need no URL. */
  Fixture(Path dir, String yaml) {
    this(dir, yaml, null);
  }

  /** A second responder on {@code earlier}'s store, as after a restart (a new clock and queues). */
  Fixture(Path dir, String yaml, Fixture earlier) {
    this(dir, yaml, earlier, "test", c -> SqlStore.sqlite(c.store().path()));
  }

  /**
   * A replica named {@code owner} on the PostgreSQL database of {@code dir} (one of {@link
   * TestPostgres}): fixtures on one {@code dir} share a store, as replicas do.
   */
  static Fixture replica(Path dir, String yaml, String owner) {
    return new Fixture(
        dir,
        yaml,
        null,
        owner,
        c ->
            SqlStore.postgres(
                TestPostgres.get().dsn(dir.toString()), 4, Duration.ofSeconds(5), owner));
  }

  private Fixture(
      Path dir, String yaml, Fixture earlier, String owner, Function<ResponderConfig, Store> open) {
    this.config =
        YamlConfig.parse(
            "webhook: {token: {env: HOME}}\nstore: {path: " + dir.resolve("r.db") + "}\n" + yaml,
            ResponderConfig.class,
            "test.yml",
            Map.of());
    if (earlier != null) {
      clock.set(earlier.clock.instant());
    }
    this.store = open.apply(config);
    this.actions = new FakeActions(config);
    ActionExecutor executor = new ActionExecutor(config.limits(), metrics, clock, clock::advance);
    NoticeDelivery delivery =
        new NoticeDelivery(
            config.notifications(),
            config.dryRun(),
            store,
            channels,
            new NoticeMessages("http://127.0.0.1:9320", clock),
            executor,
            metrics,
            clock,
            queues,
            scheduler);
    WatchdogNotifier watchdog =
        new WatchdogNotifier(
            config.watchdog().missingAfter(),
            store.watchdogLastSeen(),
            channels,
            executor,
            metrics,
            clock,
            workers);
    engine =
        Engine.create(
            new Engine.Parts(
                config, store, executor, actions, delivery, watchdog, metrics, clock, queues,
                scheduler, owner));
    engine.start();
    workers.runAll();
  }

  /** Posts one webhook body and lets the bots' queues run. */
  Plan post(String body) {
    Plan p = record(body);
    workers.runAll();
    return p;
  }

  /** Records one webhook body, as the handler does, leaving the bots' queues as they are. */
  Plan record(String body) {
    try {
      return engine.intake().record(parser.parse(body));
    } catch (PayloadException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Moves time, running whatever falls due, then the queues. */
  void advance(Duration d) {
    scheduler.advance(d);
    workers.runAll();
  }

  /** The subjects of the notices sent so far. */
  List<String> notices() {
    return channels.subjects();
  }

  List<ActionRecord> rows(String bot) {
    List<ActionRecord> r = new ArrayList<>(store.actions(bot, 10_000, 0));
    r.sort((a, b) -> Long.compare(a.id(), b.id()));
    return r;
  }

  /** A counter's or gauge's value by its exposed name and some labels; 0 when absent. */
  double counter(String name, String... labels) {
    String base = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
    Double v =
        registry.scrape().stream()
            .filter(m -> m.getMetadata().getPrometheusName().equals(base))
            .flatMap(m -> m.getDataPoints().stream())
            .filter(dp -> matches(dp.getLabels(), labels))
            .map(Fixture::value)
            .findFirst()
            .orElse(0.0);
    return v;
  }

  private static boolean matches(io.prometheus.metrics.model.snapshots.Labels l, String... kv) {
    for (int i = 0; i < kv.length; i += 2) {
      if (!kv[i + 1].equals(l.get(kv[i]))) {
        return false;
      }
    }
    return true;
  }

  private static double value(io.prometheus.metrics.model.snapshots.DataPointSnapshot dp) {
    if (dp
        instanceof
        io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot c) {
      return c.getValue();
    }
    if (dp
        instanceof io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot g) {
      return g.getValue();
    }
    return Double.NaN;
  }

  @Override
  public void close() {
    queues.close();
    store.close();
  }
}
