package dev.botwatch.responder.notify;

import dev.botwatch.responder.action.ActionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The texts people get from the responder, as pure functions of what happened: no clock, no config
 * lookups, so each is pinned by a golden-text test ({@code src/test/resources/notify/}). Every
 * input is assumed free of secrets already (outcome details are redacted by the actions).
 */
public final class Messages {
  private static final String PREFIX = "[botwatch] ";

  private Messages() {}

  /** A plain alert notification: what fired, where, and its labels. */
  public static Notice alert(ActionContext ctx) {
    String alertname = ctx.labels().getOrDefault("alertname", "alert");
    String severity = ctx.labels().getOrDefault("severity", "unknown");
    StringBuilder b = new StringBuilder();
    b.append(alertname).append(" is firing for bot ").append(ctx.bot()).append(".\n\n");
    appendAnnotations(b, ctx.annotations());
    appendLabels(b, ctx.labels());
    return new Notice(PREFIX + severity + ": " + alertname + " on " + ctx.bot(), b.toString());
  }

  /**
   * The responder has stopped acting and a person must: the alert, every step tried with its
   * result, and where to look next.
   *
   * @param reason why the responder gave up, e.g. "recovery cap reached (5 actions per hour)"
   */
  public static Notice manualIntervention(AlertInfo a, List<StepReport> steps, String reason) {
    StringBuilder b = new StringBuilder();
    b.append("Bot ")
        .append(a.bot())
        .append(" needs a person: the responder has stopped acting on ");
    b.append(a.alertname()).append(".\n");
    b.append("Reason: ").append(reason).append("\n\n");
    appendAlert(b, a);
    appendSteps(b, "Steps tried", steps);
    b.append("What to check:\n");
    String runbook = a.annotation("runbook_url");
    if (runbook != null) {
      b.append("  Follow the runbook: ").append(runbook).append("\n");
    } else {
      b.append("  This alert has no runbook_url. Check the bot's own logs and status, and what\n");
      b.append("  the exporter reports at /api/v1/bots/").append(a.bot()).append("/state.\n");
    }
    if (steps.stream().anyMatch(StepReport::failed)) {
      b.append("  Then look at the failed steps above: their targets may be down as well.\n");
    }
    b.append("\n");
    appendLabels(b, a.labels());
    return new Notice(
        PREFIX + "MANUAL INTERVENTION NEEDED: " + a.alertname() + " on " + a.bot(), b.toString());
  }

  /** The alert resolved: the incident is closed; says what fixed it, if anything did. */
  public static Notice recovered(AlertInfo a, Instant endsAt, List<StepReport> steps) {
    StringBuilder b = new StringBuilder();
    b.append(a.alertname()).append(" on bot ").append(a.bot());
    b.append(" has resolved; the incident is closed.\n");
    b.append("Firing from ").append(a.startsAt()).append(" to ").append(endsAt);
    if (a.startsAt() != null && endsAt != null) {
      b.append(" (").append(human(Duration.between(a.startsAt(), endsAt))).append(")");
    }
    b.append(".\n");
    StepReport fix = null;
    for (StepReport s : steps) {
      if (s.succeeded()) {
        fix = s;
      }
    }
    if (fix != null) {
      b.append("What fixed it: most likely step ").append(fix.step());
      b.append(" (").append(fix.action()).append(") at ").append(fix.at());
      b.append(", the last step that succeeded.\n\n");
    } else if (steps.isEmpty()) {
      b.append("What fixed it: no step ran; it resolved on its own or by a person.\n\n");
    } else {
      b.append("What fixed it: no step succeeded; it resolved on its own or by a person.\n\n");
    }
    appendSteps(b, "Steps taken", steps);
    appendLabels(b, a.labels());
    return new Notice(PREFIX + "RECOVERED: " + a.alertname() + " on " + a.bot(), b.toString());
  }

  /**
   * An emergency stop ran: each step and its result, and how to resume.
   *
   * @param trigger what asked for it, e.g. "alert DailyLossLimit" or "manual request"
   * @param responderUrl the responder's base URL, e.g. {@code http://127.0.0.1:9320}
   */
  public static Notice emergencyStop(
      String bot, String trigger, List<StepReport> steps, String responderUrl) {
    // A skipped step (liquidation disabled for this bot) is not a failure.
    boolean allOk = steps.stream().noneMatch(StepReport::failed);
    StringBuilder b = new StringBuilder();
    b.append("The responder executed an emergency stop for bot ").append(bot).append(".\n");
    b.append("Trigger: ").append(trigger).append("\n");
    if (!allOk) {
      b.append("NOT EVERY STEP SUCCEEDED: check the bot and the exchange by hand now.\n");
    }
    b.append("\n");
    appendSteps(b, "Steps", steps);
    b.append("Emergency mode is latched: recovery that would resume trading stands down\n");
    b.append("until a person resumes the bot. To resume, once the bot and the exchange\n");
    b.append("account have been checked:\n");
    b.append("  curl -X POST -H 'Authorization: Bearer <control token>' \\\n");
    b.append("    ").append(stripSlash(responderUrl)).append("/api/v1/bots/").append(bot);
    b.append("/resume\n");
    b.append("or use the Resume button on the responder console (")
        .append(stripSlash(responderUrl))
        .append("/).\n");
    String subject = PREFIX + "EMERGENCY STOP executed on " + bot;
    return new Notice(allOk ? subject : subject + " (some steps FAILED)", b.toString());
  }

  /**
   * An emergency stop ran but the step that stops the bot did not succeed: the bot may still be
   * trading, a person must stop it by hand now. Sent at once, never grouped behind a window.
   *
   * @param reason which step failed and how, e.g. "stop (freqtrade): failure: POST /api/v1/stop ->
   *     503"
   */
  public static Notice emergencyFailed(AlertInfo a, List<StepReport> steps, String reason) {
    StringBuilder b = new StringBuilder();
    b.append("The emergency stop of bot ").append(a.bot()).append(" did NOT stop the bot.\n");
    b.append("Reason: ").append(reason).append("\n\n");
    b.append("Stop the bot by hand now (its own stop command, or its process), then check the\n");
    b.append("exchange account for open orders and positions. The emergency latch stays on:\n");
    b.append("the responder will not resume trading by itself.\n\n");
    appendAlert(b, a);
    appendSteps(b, "Steps tried", steps);
    appendLabels(b, a.labels());
    return new Notice(
        PREFIX + "CRITICAL: MANUAL INTERVENTION NEEDED: emergency stop did not stop " + a.bot(),
        b.toString());
  }

  /** One notice folded into a {@link #digest}: its kind ("needs you", "recovered", ...). */
  public record DigestEntry(String kind, AlertInfo alert, String reason, List<StepReport> steps) {}

  /**
   * Notices for one bot that came within one window (or past the hourly limit), as one message: "12
   * incidents on bot X need you", each listed with its alert, reason and last step.
   *
   * @param listed the entries to list one by one (the first ones; a storm is not listed whole)
   * @param needsYou how many of all the notices ask for a person
   * @param total how many notices the message stands for
   * @param window {@code notify.group_window}, to say why they came together
   * @param maxPerHour {@code notify.max_per_hour}
   */
  public static Notice digest(
      String bot,
      List<DigestEntry> listed,
      int needsYou,
      int total,
      Duration window,
      int maxPerHour) {
    int other = total - needsYou;
    String subject;
    if (needsYou > 0) {
      subject =
          needsYou
              + (needsYou == 1 ? " incident on bot " : " incidents on bot ")
              + bot
              + (needsYou == 1 ? " needs you" : " need you")
              + (other > 0 ? " (and " + other + " other notice" + (other == 1 ? ")" : "s)") : "");
    } else {
      subject = total + (total == 1 ? " notice" : " notices") + " on bot " + bot;
    }
    StringBuilder b = new StringBuilder();
    b.append(total).append(total == 1 ? " notice" : " notices").append(" for bot ").append(bot);
    b.append(" in one message: the responder groups notices per bot\n(one message per ");
    b.append(human(window)).append(" at most, and at most ").append(maxPerHour);
    b.append(" per hour).\n\n");
    int n = 1;
    for (DigestEntry e : listed) {
      AlertInfo a = e.alert();
      b.append(n++).append(". [").append(e.kind()).append("] ").append(a.alertname());
      b.append(" (").append(a.severity()).append("), firing since ").append(a.startsAt());
      b.append("\n   Reason: ").append(e.reason() == null ? "-" : e.reason().strip()).append("\n");
      if (!e.steps().isEmpty()) {
        StepReport last = e.steps().get(e.steps().size() - 1);
        b.append("   Last step: ").append(last.step()).append(" (").append(last.action());
        b.append("): ").append(last.outcome()).append("\n");
      }
      line(b, "   Runbook: ", a.annotation("runbook_url"));
    }
    if (total > listed.size()) {
      b.append("... and ").append(total - listed.size()).append(" more: see GET ");
      b.append("/api/v1/actions?bot=").append(bot).append(" on the responder.\n");
    }
    b.append("\n");
    return new Notice(PREFIX + subject, b.toString());
  }

  /**
   * The always-firing Watchdog alert stopped arriving: the alert pipeline itself may be broken.
   *
   * @param lastSeen the last Watchdog notification, or null if none arrived since {@code since}
   * @param since when the responder started watching
   */
  public static Notice watchdogMissing(
      Instant lastSeen, Instant since, Duration missingAfter, Instant now) {
    Instant from = lastSeen != null ? lastSeen : since;
    StringBuilder b = new StringBuilder();
    b.append("No Watchdog notification has reached the responder for ");
    b.append(human(Duration.between(from, now))).append(" (limit ");
    b.append(human(missingAfter)).append(").\n");
    if (lastSeen != null) {
      b.append("Last seen: ").append(lastSeen).append("\n");
    } else {
      b.append("Last seen: never since the responder started at ").append(since).append("\n");
    }
    b.append("Now:       ").append(now).append("\n\n");
    b.append("The Watchdog alert always fires. When it stops arriving, Prometheus, its rules,\n");
    b.append("Alertmanager or the route to the responder is broken, and real alerts are not\n");
    b.append("arriving either: the bots are unwatched.\n\n");
    b.append("What to check:\n");
    b.append("  - Prometheus is up and evaluates its rules (its /rules and /alerts pages).\n");
    b.append("  - Alertmanager is up and has the alert: amtool alert query alertname=Watchdog\n");
    b.append("  - Alertmanager reaches the responder's /alerts: its log and\n");
    b.append("    alertmanager_notifications_failed_total{integration=\"webhook\"}.\n");
    b.append("  - The responder's webhook token matches Alertmanager's.\n");
    return new Notice(PREFIX + "Watchdog missing: the alert pipeline may be broken", b.toString());
  }

  /**
   * A Watchdog arrived again after a reported silence ({@link WatchdogTracker#seen} returned true):
   * alerts flow again, but any raised during the silence may never have reached anyone.
   *
   * @param alertedAt when the missing-Watchdog notice went out
   * @param lastSeenBefore the last Watchdog before the silence, or null if none had arrived
   */
  public static Notice watchdogRestored(Instant lastSeenBefore, Instant alertedAt, Instant now) {
    StringBuilder b = new StringBuilder();
    b.append("A Watchdog notification has reached the responder again at ").append(now);
    b.append(".\n");
    if (lastSeenBefore != null) {
      b.append("The pipeline was silent from ").append(lastSeenBefore).append(" (");
      b.append(human(Duration.between(lastSeenBefore, now))).append(").\n");
    } else {
      b.append("No Watchdog had arrived before it.\n");
    }
    b.append("The missing-Watchdog notice went out at ").append(alertedAt).append(".\n\n");
    b.append("Alerts that fired during the silence may never have reached anyone: check\n");
    b.append("Prometheus' ALERTS for that window and the bots' dashboards.\n");
    return new Notice(PREFIX + "Watchdog back: the alert pipeline works again", b.toString());
  }

  /** {@code 1h 5m}, {@code 12m 30s}, {@code 45s}, {@code 250ms}. */
  static String human(Duration d) {
    if (d.isNegative()) {
      return "-" + human(d.negated());
    }
    long s = d.getSeconds();
    if (s == 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder b = new StringBuilder();
    long days = s / 86400;
    long h = s % 86400 / 3600;
    long m = s % 3600 / 60;
    long sec = s % 60;
    if (days > 0) {
      b.append(days).append("d ");
    }
    if (h > 0) {
      b.append(h).append("h ");
    }
    if (m > 0) {
      b.append(m).append("m ");
    }
    if (sec > 0) {
      b.append(sec).append("s ");
    }
    return b.toString().strip();
  }

  private static void appendAlert(StringBuilder b, AlertInfo a) {
    b.append("Alert:         ").append(a.alertname()).append("\n");
    b.append("Bot:           ").append(a.bot()).append("\n");
    b.append("Severity:      ").append(a.severity()).append("\n");
    b.append("Firing since:  ").append(a.startsAt()).append("\n");
    line(b, "Summary:       ", a.annotation("summary"));
    line(b, "Description:   ", a.annotation("description"));
    b.append("\n");
  }

  private static void appendAnnotations(StringBuilder b, Map<String, String> annotations) {
    line(b, "Summary:     ", annotations.get("summary"));
    line(b, "Description: ", annotations.get("description"));
    line(b, "Runbook:     ", annotations.get("runbook_url"));
    if (!annotations.isEmpty()) {
      b.append("\n");
    }
  }

  private static void appendSteps(StringBuilder b, String title, List<StepReport> steps) {
    b.append(title).append(" (").append(steps.size()).append("):\n");
    if (steps.isEmpty()) {
      b.append("  none\n");
    }
    int n = 1;
    for (StepReport s : steps) {
      b.append("  ").append(n++).append(". ").append(s.at()).append("  ");
      b.append(s.step()).append(" (").append(s.action()).append("): ").append(s.outcome());
      b.append("\n");
      if (s.detail() != null && !s.detail().isBlank()) {
        b.append("     ").append(s.detail().strip().replace("\n", "\n     ")).append("\n");
      }
    }
    b.append("\n");
  }

  private static void appendLabels(StringBuilder b, Map<String, String> labels) {
    b.append("Labels:\n");
    new TreeMap<>(labels)
        .forEach((k, v) -> b.append("  ").append(k).append("=").append(v).append("\n"));
  }

  private static void line(StringBuilder b, String label, String value) {
    if (value != null && !value.isBlank()) {
      b.append(label).append(value.strip()).append("\n");
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
