package dev.botwatch.responder.notice;

import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.notify.AlertInfo;
import dev.botwatch.responder.notify.Messages;
import dev.botwatch.responder.notify.Notice;
import dev.botwatch.responder.notify.StepReport;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The message of a notice, built from its incident and everything recorded for it. */
public final class NoticeMessages {
  private final String responderUrl;
  private final Clock clock;

  /**
   * @param responderUrl where people find the console and the resume endpoint
   */
  public NoticeMessages(String responderUrl, Clock clock) {
    this.responderUrl = responderUrl;
    this.clock = clock;
  }

  public Notice render(NoticeKind kind, Incident inc, String reason, List<ActionRecord> rows) {
    AlertInfo a = alertInfo(inc);
    List<StepReport> steps = reports(rows);
    return switch (kind) {
      case CRITICAL -> Messages.emergencyFailed(a, steps, reason);
      case MANUAL_INTERVENTION -> Messages.manualIntervention(a, steps, reason);
      case RECOVERED -> Messages.recovered(a, clock.instant(), steps);
      case EMERGENCY ->
          Messages.emergencyStop(
              inc.bot(),
              Incident.MANUAL.equals(inc.fingerprint())
                  ? inc.annotations().getOrDefault("summary", "manual request")
                  : "alert " + inc.alertname(),
              steps,
              responderUrl);
    };
  }

  /** What a message says about the incident's alert. */
  static AlertInfo alertInfo(Incident inc) {
    return new AlertInfo(
        inc.alertname(),
        inc.bot(),
        inc.labels().getOrDefault("severity", "unknown"),
        inc.labels(),
        inc.annotations(),
        parse(inc.startsAt()));
  }

  /** The incident's steps as a message lists them (its notices left out). */
  static List<StepReport> reports(List<ActionRecord> rows) {
    List<StepReport> steps = new ArrayList<>();
    for (ActionRecord r : rows) {
      if (!NoticeKind.PLAYBOOK.equals(r.playbook())) {
        steps.add(
            new StepReport(
                r.playbook() + "/" + r.step(), r.kind(), r.status().id(), r.detail(), r.endedAt()));
      }
    }
    return steps;
  }

  private static Instant parse(String t) {
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
