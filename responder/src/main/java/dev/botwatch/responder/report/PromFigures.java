package dev.botwatch.responder.report;

import dev.botwatch.responder.report.HealthReport.AlertFired;
import dev.botwatch.responder.report.HealthReport.Pnl;
import dev.botwatch.responder.report.HealthReport.Trading;
import dev.botwatch.responder.report.Prometheus.PrometheusException;
import dev.botwatch.responder.report.Prometheus.Sample;
import dev.botwatch.responder.report.Prometheus.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's figures from Prometheus, per bot, over one period, each from one query evaluated at
 * the period's end ({@link #queries} lists them):
 *
 * <ul>
 *   <li>uptime: {@code avg_over_time(bot_process_up[period])}, over exactly the report's period
 *       (the recording rule {@code bot:process_up:avg_over_time24h} covers only the 24 h before its
 *       last evaluation and exists only where the rules are loaded); a scrape that did not happen
 *       (exporter down) counts neither way;
 *   <li>trades: {@code increase(bot_trades_total[period])} by outcome, success ratio = success /
 *       all;
 *   <li>PnL: the last value of each {@code bot_pnl} series in the period, and for {@code total} its
 *       change since the period began;
 *   <li>alerts: {@code ALERTS{alertstate="firing"}}: which fired at all (exact), and from a range
 *       query at {@link #step} resolution how many times and for how long.
 * </ul>
 */
final class PromFigures {
  /** Per bot; the bot {@code ""} holds alerts without a {@code bot} label (host alerts). */
  record Figures(
      Map<String, Double> uptime,
      Map<String, Trading> trading,
      Map<String, List<AlertFired>> alerts) {}

  private final Prometheus prometheus;

  PromFigures(Prometheus prometheus) {
    this.prometheus = prometheus;
  }

  /** The PromQL of each figure over {@code period}. */
  static Map<String, String> queries(Duration period) {
    String r = "[" + Math.max(1, period.toSeconds()) + "s]";
    Map<String, String> q = new LinkedHashMap<>();
    q.put("uptime", "avg by (bot) (avg_over_time(bot_process_up" + r + "))");
    q.put("trades", "sum by (bot, outcome) (increase(bot_trades_total" + r + "))");
    q.put("pnl", "max by (bot, period, currency) (last_over_time(bot_pnl" + r + "))");
    q.put(
        "alerts_fired",
        "max by (bot, alertname, severity) (max_over_time(ALERTS{alertstate=\"firing\"}"
            + r
            + "))");
    q.put("alerts_timeline", "max by (bot, alertname, severity) (ALERTS{alertstate=\"firing\"})");
    return q;
  }

  /** The range query's resolution: 1/1440 of the period (a minute a day), at least 15 s. */
  static Duration step(Duration period) {
    return Duration.ofSeconds(Math.max(15, (period.toSeconds() + 1439) / 1440));
  }

  Figures read(Instant since, Instant until) throws PrometheusException {
    Duration period = Duration.between(since, until);
    Map<String, String> q = queries(period);
    Map<String, Double> uptime = new TreeMap<>();
    for (Sample s : prometheus.instant(q.get("uptime"), until)) {
      uptime.put(bot(s.labels()), finite(s.value()));
    }
    Map<String, Trading> trading = trading(q, since, until);
    Map<String, List<AlertFired>> alerts = alerts(q, since, until, period);
    return new Figures(uptime, trading, alerts);
  }

  private Map<String, Trading> trading(Map<String, String> q, Instant since, Instant until)
      throws PrometheusException {
    Map<String, double[]> trades = new TreeMap<>(); // success, failure, other
    for (Sample s : prometheus.instant(q.get("trades"), until)) {
      double[] t = trades.computeIfAbsent(bot(s.labels()), b -> new double[3]);
      double v = Double.isFinite(s.value()) ? s.value() : 0;
      switch (s.labels().getOrDefault("outcome", "")) {
        case "success" -> t[0] += v;
        case "failure" -> t[1] += v;
        default -> t[2] += v;
      }
    }
    Map<String, Double> startTotals = new LinkedHashMap<>();
    for (Sample s : prometheus.instant(q.get("pnl"), since)) {
      if ("total".equals(s.labels().get("period"))) {
        startTotals.put(bot(s.labels()) + "\n" + s.labels().get("currency"), s.value());
      }
    }
    Map<String, List<Pnl>> pnl = new TreeMap<>();
    for (Sample s : prometheus.instant(q.get("pnl"), until)) {
      String period = s.labels().getOrDefault("period", "");
      String currency = s.labels().getOrDefault("currency", "");
      Double start = startTotals.get(bot(s.labels()) + "\n" + currency);
      Double change = "total".equals(period) && start != null ? finite(s.value() - start) : null;
      pnl.computeIfAbsent(bot(s.labels()), b -> new ArrayList<>())
          .add(new Pnl(period, currency, s.value(), change));
    }
    Map<String, Trading> out = new TreeMap<>();
    for (String bot : union(trades.keySet(), pnl.keySet())) {
      double[] t = trades.get(bot);
      List<Pnl> p = pnl.getOrDefault(bot, List.of());
      p.sort(Comparator.comparing(Pnl::period).thenComparing(Pnl::currency));
      if (t == null) {
        out.put(bot, new Trading(null, null, null, null, p));
      } else {
        double all = t[0] + t[1] + t[2];
        out.put(bot, new Trading(all, t[0], t[1], all > 0 ? t[0] / all : null, p));
      }
    }
    return out;
  }

  private Map<String, List<AlertFired>> alerts(
      Map<String, String> q, Instant since, Instant until, Duration period)
      throws PrometheusException {
    Duration step = step(period);
    Map<String, Series> timeline = new LinkedHashMap<>();
    for (Series s : prometheus.range(q.get("alerts_timeline"), since, until, step)) {
      timeline.put(key(s.labels()), s);
    }
    Map<String, List<AlertFired>> out = new TreeMap<>();
    for (Sample s : prometheus.instant(q.get("alerts_fired"), until)) {
      Series t = timeline.get(key(s.labels()));
      int episodes = 0;
      long points = 0;
      boolean atEnd = false;
      if (t != null) {
        double last = Double.NEGATIVE_INFINITY;
        for (double at : t.times()) {
          if (at - last > step.toSeconds() * 1.5) {
            episodes++;
          }
          last = at;
          points++;
        }
        atEnd = until.getEpochSecond() - last < step.toSeconds();
      }
      out.computeIfAbsent(bot(s.labels()), b -> new ArrayList<>())
          .add(
              new AlertFired(
                  s.labels().getOrDefault("alertname", ""),
                  s.labels().getOrDefault("severity", ""),
                  Math.max(1, episodes), // fired at least once, if only between two steps
                  points * step.toSeconds(),
                  atEnd));
    }
    out.values()
        .forEach(
            l ->
                l.sort(
                    Comparator.comparing(AlertFired::alertname)
                        .thenComparing(AlertFired::severity)));
    return out;
  }

  private static String bot(Map<String, String> labels) {
    return labels.getOrDefault("bot", "");
  }

  private static String key(Map<String, String> l) {
    return bot(l) + "\n" + l.getOrDefault("alertname", "") + "\n" + l.getOrDefault("severity", "");
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.TreeSet<String> s = new java.util.TreeSet<>(a);
    s.addAll(b);
    return List.copyOf(s);
  }
}
