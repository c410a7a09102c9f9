package dev.botwatch.exporter.collect.source;

import dev.botwatch.exporter.collect.Collector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every bot's probes, all at once, each bounded by its own timeout. Exports:
 *
 * <pre>
 * bot_probe_success{bot,target,kind}           1 if the probe succeeded within its timeout, else 0
 * bot_probe_duration_seconds{bot,target,kind}  how long it took (its timeout when abandoned)
 * bot_probe_http_status_code{bot,target}       the HTTP status (http probes that got a response)
 * </pre>
 *
 * A probe still stuck from an earlier run (an uninterruptible DNS lookup) is not started again: it
 * reports failure, so a dead resolver costs one thread per probe, not one per run.
 */
public final class ProbeCollector implements Collector {
  private static final Logger log = LoggerFactory.getLogger(ProbeCollector.class);

  /** Past its timeout a probe gets this much longer to report its own timeout error. */
  static final Duration GRACE = Duration.ofMillis(250);

  private record Target(String bot, ProbeSource probe) {}

  private final List<Target> targets = new ArrayList<>();
  private final Map<Target, Future<Prober.Result>> stuck = new LinkedHashMap<>();
  private final Map<String, Prober> probers;
  private final ExecutorService pool;
  private final LongSupplier nanos;

  public ProbeCollector(Map<String, List<ProbeSource>> byBot) {
    this(byBot, System::nanoTime);
  }

  ProbeCollector(Map<String, List<ProbeSource>> byBot, LongSupplier nanos) {
    new LinkedHashMap<>(byBot)
        .forEach((bot, ps) -> ps.forEach(p -> targets.add(new Target(bot, p))));
    Duration longest =
        targets.stream().map(t -> t.probe().timeout()).max(Duration::compareTo).orElse(GRACE);
    HttpProber http = new HttpProber(longest);
    this.probers =
        Map.of(
            "http", http, "tcp", NetProbers::tcp, "dns", NetProbers::dns, "jdbc", NetProbers::jdbc);
    this.nanos = nanos;
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "probe");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public String name() {
    return "probe";
  }

  @Override
  public MetricSnapshots collect() throws InterruptedException {
    record Running(Target target, Future<Prober.Result> future, long startedAt) {}
    List<Running> running = new ArrayList<>();
    for (Target t : targets) {
      Future<Prober.Result> previous = stuck.get(t);
      if (previous != null && !previous.isDone()) {
        running.add(new Running(t, null, nanos.getAsLong()));
        continue;
      }
      stuck.remove(t);
      Prober prober = probers.get(t.probe().kind());
      running.add(new Running(t, pool.submit(() -> prober.probe(t.probe())), nanos.getAsLong()));
    }
    MetricsOut out = new MetricsOut();
    for (Running r : running) {
      ProbeSource p = r.target().probe();
      Prober.Result result = Prober.Result.FAILED;
      double seconds = p.timeout().toNanos() / 1e9;
      if (r.future() == null) {
        log.debug("bot {} probe {} still stuck from an earlier run", r.target().bot(), p.target());
      } else {
        long deadline = r.startedAt() + p.timeout().plus(GRACE).toNanos();
        try {
          result = r.future().get(Math.max(0, deadline - nanos.getAsLong()), TimeUnit.NANOSECONDS);
          seconds = Math.min(seconds, (nanos.getAsLong() - r.startedAt()) / 1e9);
        } catch (java.util.concurrent.TimeoutException e) {
          r.future().cancel(true);
          stuck.put(r.target(), r.future());
          log.debug("bot {} probe {} timed out", r.target().bot(), p.target());
        } catch (java.util.concurrent.ExecutionException e) {
          seconds = Math.min(seconds, (nanos.getAsLong() - r.startedAt()) / 1e9);
          // only the exception's class: messages of auth failures may quote what was sent
          log.debug(
              "bot {} probe {} failed: {}",
              r.target().bot(),
              p.target(),
              e.getCause().getClass().getSimpleName());
        }
      }
      String[] labels = {"bot", r.target().bot(), "target", p.target(), "kind", p.kind()};
      out.gauge(
          "bot_probe_success",
          "Whether the probe succeeded within its timeout (1) or not (0).",
          result.success() ? 1 : 0,
          labels);
      out.gauge(
          "bot_probe_duration_seconds",
          "How long the probe took (its timeout if abandoned).",
          seconds,
          labels);
      if (result.httpStatus() != null) {
        out.gauge(
            "bot_probe_http_status_code",
            "HTTP status code the probe received.",
            result.httpStatus(),
            "bot",
            r.target().bot(),
            "target",
            p.target());
      }
    }
    return out.build();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
