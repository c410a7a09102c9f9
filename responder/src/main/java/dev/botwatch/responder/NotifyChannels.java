package dev.botwatch.responder;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.notify.AlertInfo;
import dev.botwatch.responder.notify.ChatWebhookSender;
import dev.botwatch.responder.notify.EmailSender;
import dev.botwatch.responder.notify.Messages;
import dev.botwatch.responder.notify.Notice;
import dev.botwatch.responder.notify.StepReport;
import dev.botwatch.responder.policy.Incident;
import dev.botwatch.responder.store.ActionRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The notify engineer's senders and message texts as {@link NoticeChannels}: {@code email} (Jakarta
 * Mail) and {@code webhook} (Slack/Discord), whichever is configured.
 */
final class NotifyChannels implements NoticeChannels {
  private final EmailSender email;
  private final ChatWebhookSender chat;
  private final String responderUrl;
  private final Clock clock;

  NotifyChannels(EmailSender email, ChatWebhookSender chat, String responderUrl, Clock clock) {
    this.email = email;
    this.chat = chat;
    this.responderUrl = responderUrl;
    this.clock = clock;
  }

  @Override
  public List<String> names() {
    List<String> n = new ArrayList<>();
    if (email != null) {
      n.add("email");
    }
    if (chat != null) {
      n.add("webhook");
    }
    return n;
  }

  @Override
  public Action action(String channel, Kind kind, Supplier<Subject> subject) {
    if ("email".equals(channel) && email != null) {
      return new NoticeAction(
          "email", email.target(), () -> render(kind, subject.get()), email::send, email::describe);
    }
    if ("webhook".equals(channel) && chat != null) {
      return new NoticeAction(
          "webhook",
          chat.target(),
          () -> render(kind, subject.get()),
          n -> chat.send(n.subject() + "\n" + n.body()),
          n -> chat.describe(n.subject()));
    }
    return null;
  }

  @Override
  public Action raw(String channel, Supplier<Notice> notice) {
    if ("email".equals(channel) && email != null) {
      return new NoticeAction("email", email.target(), notice, email::send, email::describe);
    }
    if ("webhook".equals(channel) && chat != null) {
      return new NoticeAction(
          "webhook",
          chat.target(),
          notice,
          n -> chat.send(n.subject() + "\n" + n.body()),
          n -> chat.describe(n.subject()));
    }
    return null;
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
      if (!Engine.NOTICE_PLAYBOOK.equals(r.playbook())) {
        steps.add(
            new StepReport(
                r.playbook() + "/" + r.step(), r.kind(), r.status(), r.detail(), r.endedAt()));
      }
    }
    return steps;
  }

  private Notice render(Kind kind, Subject s) {
    Incident inc = s.incident();
    AlertInfo a = alertInfo(inc);
    List<StepReport> steps = reports(s.steps());
    return switch (kind) {
      case CRITICAL -> Messages.emergencyFailed(a, steps, s.reason());
      case MANUAL_INTERVENTION -> Messages.manualIntervention(a, steps, s.reason());
      case RECOVERED -> Messages.recovered(a, clock.instant(), steps);
      case EMERGENCY ->
          Messages.emergencyStop(
              inc.bot(),
              "ManualEmergencyStop".equals(inc.alertname())
                  ? inc.annotations().getOrDefault("summary", "manual request")
                  : "alert " + inc.alertname(),
              steps,
              responderUrl);
    };
  }

  private static Instant parse(String t) {
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private record NoticeAction(
      String kind,
      String target,
      Supplier<Notice> notice,
      java.util.function.Function<Notice, Outcome> send,
      java.util.function.Function<Notice, String> describe)
      implements Action {
    @Override
    public String describe(ActionContext ctx) {
      return describe.apply(notice.get());
    }

    @Override
    public Outcome attempt(ActionContext ctx) {
      return send.apply(notice.get());
    }
  }
}
