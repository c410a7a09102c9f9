package dev.botwatch.responder.report;

import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.History;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.report.HealthReport.IncidentLine;
import dev.botwatch.responder.report.HealthReport.StepLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** How an incident ended, read from its steps: by which step, a person, itself, or still open. */
final class Outcomes {
  /** Playbook names of rows that are not recovery: notices, resumes, reports. */
  static final Set<String> NOT_RECOVERY = Set.of("notify", "resume", "report");

  private static final Set<String> NEEDS_YOU =
      Set.of("manual-intervention", "manual-intervention-critical");

  /** Details in the report are cut here: the audit trail keeps the whole text. */
  static final int DETAIL_CHARS = 300;

  private Outcomes() {}

  static IncidentLine of(History.Span span, List<ActionRecord> steps, Set<String> emergency) {
    Incident inc = span.incident();
    List<StepLine> lines = new ArrayList<>();
    ActionRecord lastOk = null;
    ActionRecord lastRecovery = null;
    boolean asked = false;
    for (ActionRecord a : steps) {
      lines.add(line(a));
      asked |= NEEDS_YOU.contains(a.step());
      if (!NOT_RECOVERY.contains(a.playbook())) {
        lastRecovery = a;
        if (a.status().ok()) {
          lastOk = a;
        }
      }
    }
    String ended;
    String by;
    String summary;
    if (span.closedAt() == null) {
      ended = "open";
      by = null;
      summary =
          "still open"
              + (inc.level() == null ? "" : ", ladder at " + inc.level())
              + (asked ? ", waiting for a person" : "");
    } else if (Incident.MANUAL.equals(inc.fingerprint())) {
      ended = "resumed";
      by = "resume";
      summary = "emergency stop by a person, ended by resume";
    } else {
      ended = "resolved";
      if (inc.level() != null && emergency.contains(inc.level())) {
        by = inc.level();
        summary = "alert resolved; the emergency stop ran and latched until a resume";
      } else if (asked) {
        by = "manual";
        summary =
            "resolved after a person was asked"
                + (lastRecovery == null ? "" : " (last step: " + name(lastRecovery) + ")");
      } else if (lastOk != null) {
        by = name(lastOk);
        summary = "resolved after " + name(lastOk) + " succeeded";
      } else if (lastRecovery != null) {
        by = "by itself";
        summary =
            "resolved; no step succeeded (last: "
                + name(lastRecovery)
                + " "
                + lastRecovery.status().id()
                + ")";
      } else {
        by = "by itself";
        summary = "resolved without any action";
      }
    }
    return new IncidentLine(
        inc.id(),
        inc.alertname(),
        inc.labels().getOrDefault("severity", ""),
        span.openedAt(),
        span.closedAt(),
        ended,
        by,
        summary,
        lines);
  }

  static StepLine line(ActionRecord a) {
    return new StepLine(
        a.plannedAt(), a.playbook(), a.step(), a.kind(), a.status().id(), cut(a.detail()));
  }

  private static String name(ActionRecord a) {
    return a.playbook() + "/" + a.step();
  }

  static String cut(String s) {
    return s == null || s.length() <= DETAIL_CHARS ? s : s.substring(0, DETAIL_CHARS) + "…";
  }
}
