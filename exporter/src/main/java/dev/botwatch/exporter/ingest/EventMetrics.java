package dev.botwatch.exporter.ingest;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics bot events feed, kept in their own registry and applied by {@link #apply(List)}.
 * Exports, every series with label {@code bot}:
 *
 * <pre>
 * bot_trades_total{outcome}                      trade events (both outcomes pre-created at 0)
 * bot_trade_execution_seconds                    histogram of trade duration_seconds
 * bot_scans_total, bot_scan_duration_seconds     scan events and their durations
 * bot_scan_tokens_discovered_total / _approved_total
 * bot_api_requests_total{api,outcome}            api_call events (all four outcomes pre-created)
 * bot_api_request_duration_seconds{api}          histogram of api_call durations
 * bot_errors_total{component,severity}           error events (all severities pre-created)
 * bot_websocket_connected{stream}                1 after connected/reconnect, 0 after disconnected
 * bot_websocket_reconnects_total{stream}         reconnect events
 * bot_websocket_latency_seconds{stream}          last latency_seconds reported
 * bot_nonce_failures_total                       nonce events with outcome failure
 * bot_balance_check_seconds                      histogram of balance_check durations
 * bot_heartbeat_timestamp_seconds{component}     newest heartbeat ts
 * </pre>
 *
 * Series are pre-created at 0 the first time a bot uses the family, because the alert rules divide
 * failures by totals and use increase(): a series born at 1 hides its first failure.
 */
public final class EventMetrics {
  private static final double[] TRADE_BUCKETS = {.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60};
  private static final double[] API_BUCKETS = {.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60};
  private static final double[] BALANCE_BUCKETS = {.1, .25, .5, 1, 2, 5, 10};
  private static final double[] SCAN_BUCKETS = {1, 5, 10, 30, 60, 90, 120, 300};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Set<String> initialized = ConcurrentHashMap.newKeySet();
  private final List<StatefulMetric<?, ?>> all = new ArrayList<>();

  private final Counter trades = counter("bot_trades_total", "Trades by outcome.", "outcome");
  private final Histogram tradeSeconds =
      histogram("bot_trade_execution_seconds", "How long trades took to execute.", TRADE_BUCKETS);
  private final Counter scans = counter("bot_scans_total", "Market scans completed.");
  private final Histogram scanSeconds =
      histogram("bot_scan_duration_seconds", "How long market scans took.", SCAN_BUCKETS);
  private final Counter discovered =
      counter("bot_scan_tokens_discovered_total", "Tokens discovered by scans.");
  private final Counter approved =
      counter("bot_scan_tokens_approved_total", "Tokens approved by scans.");
  private final Counter apiRequests =
      counter("bot_api_requests_total", "Exchange/data API requests by outcome.", "api", "outcome");
  private final Histogram apiSeconds =
      histogram(
          "bot_api_request_duration_seconds", "How long API requests took.", API_BUCKETS, "api");
  private final Counter errors =
      counter("bot_errors_total", "Errors by component and severity.", "component", "severity");
  private final Gauge wsConnected =
      gauge(
          "bot_websocket_connected",
          "Whether the websocket stream is connected (1) or not.",
          "stream");
  private final Counter wsReconnects =
      counter("bot_websocket_reconnects_total", "Websocket reconnects.", "stream");
  private final Gauge wsLatency =
      gauge("bot_websocket_latency_seconds", "Last reported websocket latency.", "stream");
  private final Counter nonceFailures =
      counter("bot_nonce_failures_total", "Nonce generation or validation failures.");
  private final Histogram balanceSeconds =
      histogram("bot_balance_check_seconds", "How long balance checks took.", BALANCE_BUCKETS);
  private final Gauge heartbeat =
      gauge(
          "bot_heartbeat_timestamp_seconds",
          "Unix time of the newest heartbeat of the component.",
          "component");

  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * Applies validated events; cannot fail on input that {@link EventParser} accepted. One batch at
   * a time: the server takes pushes on several event loops, and "newest heartbeat wins" is a
   * read-then-write.
   */
  public synchronized void apply(List<Event> events) {
    for (Event e : events) {
      apply(e);
    }
  }

  private void apply(Event e) {
    String bot = e.bot();
    if (e instanceof Event.Trade t) {
      once(
          "trade",
          bot,
          () -> trades.initLabelValues(bot, "success"),
          () -> trades.initLabelValues(bot, "failure"));
      trades.labelValues(bot, t.outcome()).inc();
      if (!Double.isNaN(t.durationSeconds())) {
        tradeSeconds.labelValues(bot).observe(t.durationSeconds());
      }
    } else if (e instanceof Event.Scan s) {
      scans.labelValues(bot).inc();
      scanSeconds.labelValues(bot).observe(s.durationSeconds());
      discovered.labelValues(bot).inc(Math.max(0, s.discovered()));
      approved.labelValues(bot).inc(Math.max(0, s.approved()));
    } else if (e instanceof Event.ApiCall a) {
      if (initialized.add("api\0" + bot + "\0" + a.api())) {
        EventParser.API_OUTCOMES.forEach(o -> apiRequests.initLabelValues(bot, a.api(), o));
      }
      apiRequests.labelValues(bot, a.api(), a.outcome()).inc();
      apiSeconds.labelValues(bot, a.api()).observe(a.durationSeconds());
    } else if (e instanceof Event.Error er) {
      if (initialized.add("error\0" + bot + "\0" + er.component())) {
        EventParser.SEVERITIES.forEach(s -> errors.initLabelValues(bot, er.component(), s));
      }
      errors.labelValues(bot, er.component(), er.severity()).inc();
    } else if (e instanceof Event.Websocket w) {
      wsReconnects.initLabelValues(bot, w.stream());
      switch (w.event()) {
        case "disconnected" -> wsConnected.labelValues(bot, w.stream()).set(0);
        case "reconnect" -> {
          wsReconnects.labelValues(bot, w.stream()).inc();
          wsConnected.labelValues(bot, w.stream()).set(1);
        }
        default -> wsConnected.labelValues(bot, w.stream()).set(1);
      }
      if (!Double.isNaN(w.latencySeconds())) {
        wsLatency.labelValues(bot, w.stream()).set(w.latencySeconds());
      }
    } else if (e instanceof Event.Nonce n) {
      var failures = nonceFailures.labelValues(bot);
      if ("failure".equals(n.outcome())) {
        failures.inc();
      }
    } else if (e instanceof Event.BalanceCheck b) {
      balanceSeconds.labelValues(bot).observe(b.durationSeconds());
    } else if (e instanceof Event.Heartbeat h) {
      var g = heartbeat.labelValues(bot, h.component());
      // Batches may carry heartbeats out of order; the newest one counts.
      if (h.ts() > g.get()) {
        g.set(h.ts());
      }
    }
  }

  /** Removes every series of the bot (an expired bot); a later event starts it afresh. */
  public void forget(String bot) {
    for (StatefulMetric<?, ?> m : all) {
      m.removeIf(labels -> labels.get(0).equals(bot)); // bot is every family's first label
    }
    initialized.removeIf(key -> key.split("\0", -1)[1].equals(bot));
  }

  private void once(String family, String bot, Runnable... inits) {
    if (initialized.add(family + "\0" + bot)) {
      for (Runnable r : inits) {
        r.run();
      }
    }
  }

  private Counter counter(String name, String help, String... labels) {
    return keep(
        Counter.builder().name(name).help(help).labelNames(withBot(labels)).register(registry));
  }

  private Gauge gauge(String name, String help, String... labels) {
    return keep(
        Gauge.builder().name(name).help(help).labelNames(withBot(labels)).register(registry));
  }

  private Histogram histogram(String name, String help, double[] buckets, String... labels) {
    return keep(
        Histogram.builder()
            .name(name)
            .help(help)
            .labelNames(withBot(labels))
            .classicOnly()
            .classicUpperBounds(buckets)
            .register(registry));
  }

  private <M extends StatefulMetric<?, ?>> M keep(M metric) {
    all.add(metric);
    return metric;
  }

  private static String[] withBot(String... labels) {
    String[] out = new String[labels.length + 1];
    out[0] = "bot";
    System.arraycopy(labels, 0, out, 1, labels.length);
    return out;
  }
}
