package dev.botwatch.responder.report;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.notify.EmailSender;
import dev.botwatch.responder.notify.Notice;

/** The report's mail as an {@link Action}: one attempt; the executor retries it like a notice. */
public record ReportMail(EmailSender email, Notice notice) implements Action {
  @Override
  public String kind() {
    return "email";
  }

  @Override
  public String target() {
    return email.target();
  }

  @Override
  public String describe(ActionContext ctx) {
    return email.describe(notice);
  }

  @Override
  public Outcome attempt(ActionContext ctx) {
    return email.send(notice, ctx.deadline());
  }
}
