package dev.botwatch.responder.report;

import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.History;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.Latch;
import dev.botwatch.responder.report.HealthReport.Actions;
import dev.botwatch.responder.report.HealthReport.BotReport;
import dev.botwatch.responder.report.HealthReport.IncidentLine;
import dev.botwatch.responder.report.HealthReport.PrometheusStatus;
import dev.botwatch.responder.report.HealthReport.ResumeLine;
import dev.botwatch.responder.report.HealthReport.StepLine;
import dev.botwatch.responder.report.HealthReport.StopLine;
import dev.botwatch.responder.report.Prometheus.PrometheusException;
import dev.botwatch.responder.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link HealthReport} of a period from the audit store and Prometheus. Prometheus being
 * away (not configured, unreachable, slow, refusing a query) never fails the report: its parts are
 * left out and the report says why. Blocking: call it from a worker thread.
 */
public final class ReportBuilder {
  private static final Logger log = LoggerFactory.getLogger(ReportBuilder.class);

  /** Incidents and stops per report (actions: ten times as many); more is said, not listed. */
  static final int LIMIT = 1000;

  private final ResponderConfig config;
  private final Store store;
  private final Prometheus prometheus;
  private final Clock clock;

  /** {@code prometheusOrNull}: null when {@code report.prometheus_url} is not configured. */
  public ReportBuilder(
      ResponderConfig config, Store store, Prometheus prometheusOrNull, Clock clock) {
    this.config = config;
    this.store = store;
    this.prometheus = prometheusOrNull;
    this.clock = clock;
  }

  public HealthReport build(Instant since, Instant until) {
    Duration period = Duration.between(since, until);
    PromFigures.Figures figures = null;
    String error;
    if (prometheus == null) {
      error = "not configured (report.prometheus_url)";
    } else {
      try {
        figures = new PromFigures(prometheus).read(since, until);
        error = null;
      } catch (PrometheusException e) {
        error = e.getMessage();
        log.warn("health report without Prometheus' figures: {}", error);
      }
    }
    PrometheusStatus status =
        new PrometheusStatus(
            prometheus == null ? null : prometheus.describe(),
            figures != null,
            error,
            PromFigures.queries(period));
    History history = store.history(since, until, LIMIT);
    Map<String, Latch> latches = store.latches();
    Set<String> bots = new TreeSet<>(config.bots().keySet());
    history.incidents().forEach(s -> bots.add(s.incident().bot()));
    history.actions().forEach(a -> bots.add(a.bot()));
    if (figures != null) {
      bots.addAll(figures.uptime().keySet());
      bots.addAll(figures.trading().keySet());
      bots.addAll(figures.alerts().keySet());
    }
    bots.remove(""); // alerts without a bot label are listed apart; report rows have no bot
    List<BotReport> out = new ArrayList<>();
    for (String bot : bots) {
      out.add(bot(bot, since, until, history, figures, latches.containsKey(bot)));
    }
    // The bots the responder looks after first, then those only seen, each by name.
    out.sort(Comparator.comparing((BotReport b) -> !b.configured()).thenComparing(BotReport::bot));
    return new HealthReport(
        since,
        until,
        clock.instant(),
        status,
        out,
        figures == null ? null : figures.alerts().getOrDefault("", List.of()),
        history.truncated());
  }

  private BotReport bot(
      String bot,
      Instant since,
      Instant until,
      History history,
      PromFigures.Figures figures,
      boolean latched) {
    Map<Long, List<ActionRecord>> byIncident = new HashMap<>();
    List<ActionRecord> inPeriod = new ArrayList<>();
    for (ActionRecord a : history.actions()) {
      if (!a.bot().equals(bot)) {
        continue;
      }
      byIncident.computeIfAbsent(a.incidentId(), k -> new ArrayList<>()).add(a);
      if (!a.plannedAt().isBefore(since) && a.plannedAt().isBefore(until)) {
        inPeriod.add(a);
      }
    }
    Set<String> emergency = emergencyPlaybooks();
    List<IncidentLine> incidents = new ArrayList<>();
    Map<Long, Incident> incidentById = new HashMap<>();
    for (History.Span s : history.incidents()) {
      if (s.incident().bot().equals(bot)) {
        incidentById.put(s.incident().id(), s.incident());
        incidents.add(
            Outcomes.of(s, byIncident.getOrDefault(s.incident().id(), List.of()), emergency));
      }
    }
    return new BotReport(
        bot,
        config.bots().containsKey(bot),
        figures == null ? null : figures.uptime().get(bot),
        figures == null ? null : figures.trading().get(bot),
        figures == null ? null : figures.alerts().getOrDefault(bot, List.of()),
        incidents,
        actions(inPeriod),
        stops(bot, history, incidentById),
        resumes(inPeriod),
        latched);
  }

  private static Actions actions(List<ActionRecord> inPeriod) {
    Map<String, Integer> byOutcome = new TreeMap<>();
    List<StepLine> steps = new ArrayList<>();
    int notices = 0;
    for (ActionRecord a : inPeriod) {
      if ("notify".equals(a.playbook())) {
        notices += a.status() == ActionStatus.SUCCESS ? 1 : 0;
      } else if (!Outcomes.NOT_RECOVERY.contains(a.playbook())) {
        byOutcome.merge(a.status().id(), 1, Integer::sum);
        steps.add(Outcomes.line(a));
      }
    }
    return new Actions(steps.size(), byOutcome, notices, steps);
  }

  private static List<StopLine> stops(
      String bot, History history, Map<Long, Incident> incidentById) {
    List<StopLine> out = new ArrayList<>();
    for (History.EmergencyRun r : history.stops()) {
      if (!r.bot().equals(bot)) {
        continue;
      }
      Incident inc = incidentById.get(r.incidentId());
      String reason =
          inc == null
              ? "emergency stop"
              : Incident.MANUAL.equals(inc.fingerprint())
                  ? inc.annotations().getOrDefault("summary", "manual emergency stop")
                  : "alert " + inc.alertname();
      ActionRecord last =
          history.actions().stream()
              .filter(a -> a.runId() == r.runId())
              .max(Comparator.comparingInt(ActionRecord::seq).thenComparingLong(ActionRecord::id))
              .orElse(null);
      String outcome =
          last == null || !last.finished()
              ? "in progress"
              : last.status().ok()
                  ? "stopped (" + last.step() + " " + last.status().id() + ")"
                  : "NOT stopped: " + last.step() + " ended " + last.status().id();
      out.add(new StopLine(r.at(), Outcomes.cut(reason), outcome));
    }
    return out;
  }

  private static List<ResumeLine> resumes(List<ActionRecord> inPeriod) {
    List<ResumeLine> out = new ArrayList<>();
    for (ActionRecord a : inPeriod) {
      if ("resume".equals(a.playbook())) {
        out.add(new ResumeLine(a.plannedAt(), a.status().id(), Outcomes.cut(a.detail())));
      }
    }
    return out;
  }

  private Set<String> emergencyPlaybooks() {
    Set<String> out = new HashSet<>();
    for (String name : config.playbooks().keySet()) {
      if (config.isEmergency(name)) {
        out.add(name);
      }
    }
    return out;
  }
}
