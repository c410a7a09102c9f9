package dev.botwatch.responder.report;

import dev.botwatch.responder.report.HealthReport.AlertFired;
import dev.botwatch.responder.report.HealthReport.BotReport;
import dev.botwatch.responder.report.HealthReport.IncidentLine;
import dev.botwatch.responder.report.HealthReport.Pnl;
import dev.botwatch.responder.report.HealthReport.StepLine;
import dev.botwatch.responder.report.HealthReport.Trading;
import dev.botwatch.responder.template.TextTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report as the templates read it: every figure formatted for people, every text made one
 * harmless line ({@link TextTemplate#value}: no control characters, no bidirectional overrides,
 * bounded), so the HTML template only has to escape and the text template only to print.
 */
final class ReportView {
  private final DateTimeFormatter time;

  ReportView(ZoneId zone) {
    this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT).withZone(zone);
  }

  Map<String, Object> of(HealthReport r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put(
        "period", at(r.since()) + " to " + at(r.until()) + " (" + span(r.since(), r.until()) + ")");
    v.put("generated", at(r.generatedAt()));
    v.put("prometheus_ok", r.prometheus().available());
    v.put("prometheus_error", text(r.prometheus().error()));
    v.put("uptime_query", r.prometheus().queries().get("uptime"));
    v.put("truncated", r.truncated());
    v.put("bots", r.bots().stream().map(this::bot).toList());
    v.put("no_bots", r.bots().isEmpty());
    v.put("alerts_without_bot", alerts(r.alertsWithoutBot()));
    v.put(
        "has_alerts_without_bot", r.alertsWithoutBot() != null && !r.alertsWithoutBot().isEmpty());
    return v;
  }

  private Map<String, Object> bot(BotReport b) {
    Map<String, Object> v = new LinkedHashMap<>();
    boolean prom = b.alerts() != null;
    v.put("bot", text(b.bot()));
    v.put("not_configured", !b.configured());
    v.put("latched", b.emergencyLatchedNow());
    v.put(
        "uptime",
        !prom ? "unavailable" : b.uptimeRatio() == null ? "no data" : percent(b.uptimeRatio()));
    v.put("trading", trading(b.trading(), prom));
    v.put("alerts", alerts(b.alerts()));
    v.put("has_alerts", b.alerts() != null && !b.alerts().isEmpty());
    v.put("has_incidents", !b.incidents().isEmpty());
    v.put("has_steps", !b.actions().steps().isEmpty());
    v.put("prom", prom);
    v.put("incidents", b.incidents().stream().map(this::incident).toList());
    v.put("actions_total", b.actions().total());
    v.put(
        "actions_outcomes",
        b.actions().byOutcome().entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", ")));
    v.put("notices_sent", b.actions().noticesSent());
    v.put("steps", b.actions().steps().stream().map(this::step).toList());
    v.put(
        "stops",
        b.emergencyStops().stream()
            .map(s -> Map.of("at", at(s.at()), "reason", text(s.reason()), "outcome", s.outcome()))
            .toList());
    v.put(
        "resumes",
        b.resumes().stream()
            .map(s -> Map.of("at", at(s.at()), "outcome", s.outcome(), "detail", text(s.detail())))
            .toList());
    return v;
  }

  private Map<String, Object> trading(Trading t, boolean prom) {
    Map<String, Object> v = new LinkedHashMap<>();
    if (!prom) {
      v.put("summary", "unavailable");
      return v;
    }
    if (t == null || t.trades() == null) {
      v.put("summary", "no trades reported");
    } else {
      v.put(
          "summary",
          number(t.trades())
              + " trades, "
              + number(t.succeeded())
              + " succeeded, "
              + number(t.failed())
              + " failed"
              + (t.successRatio() == null ? "" : ", success rate " + percent(t.successRatio())));
    }
    List<Map<String, Object>> pnl = new ArrayList<>();
    for (Pnl p : t == null ? List.<Pnl>of() : t.pnl()) {
      pnl.add(
          Map.of(
              "period", text(p.period()),
              "currency", text(p.currency()),
              "value", money(p.value()),
              "change", p.change() == null ? "" : " (" + signed(p.change()) + " in the period)"));
    }
    v.put("pnl", pnl);
    return v;
  }

  private List<Map<String, Object>> alerts(List<AlertFired> alerts) {
    if (alerts == null) {
      return null;
    }
    return alerts.stream()
        .map(
            a ->
                Map.<String, Object>of(
                    "alertname", text(a.alertname()),
                    "severity", text(a.severity()),
                    "episodes", a.episodes() == 1 ? "once" : a.episodes() + " times",
                    "firing", a.firingSeconds() == 0 ? "briefly" : duration(a.firingSeconds()),
                    "at_end", a.firingAtEnd() ? ", still firing" : ""))
        .toList();
  }

  private Map<String, Object> incident(IncidentLine i) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", i.id());
    v.put("alertname", text(i.alertname()));
    v.put("severity", text(i.severity()));
    v.put("opened", at(i.openedAt()));
    v.put("closed", i.closedAt() == null ? "" : at(i.closedAt()));
    v.put("ended", i.ended());
    v.put("summary", text(i.summary()));
    v.put("steps", i.steps().stream().map(this::step).toList());
    return v;
  }

  private Map<String, Object> step(StepLine s) {
    return Map.of(
        "at", at(s.at()),
        "playbook", text(s.playbook()),
        "step", text(s.step()),
        "status", s.status(),
        "detail", text(s.detail()));
  }

  String at(Instant t) {
    return t == null ? "" : time.format(t);
  }

  static String text(String s) {
    return s == null ? "" : TextTemplate.value(s);
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.2f %%", ratio * 100);
  }

  static String number(Double d) {
    return d == null ? "0" : String.format(Locale.ROOT, "%,.0f", d);
  }

  static String money(double d) {
    return Double.isFinite(d) ? String.format(Locale.ROOT, "%,.2f", d) : String.valueOf(d);
  }

  static String signed(double d) {
    return (d >= 0 ? "+" : "") + money(d);
  }

  static String span(Instant a, Instant b) {
    return duration(Duration.between(a, b).toSeconds());
  }

  static String duration(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    if (d.toHours() >= 48) {
      return d.toDays() + " d" + (d.toHoursPart() == 0 ? "" : " " + d.toHoursPart() + " h");
    }
    if (d.toMinutesPart() == 0 && d.toHours() > 0) {
      return d.toHours() + " h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + " min";
    }
    return seconds + " s";
  }
}
