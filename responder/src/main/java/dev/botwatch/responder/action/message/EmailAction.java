package dev.botwatch.responder.action.message;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.notify.EmailSender;
import dev.botwatch.responder.notify.Messages;
import dev.botwatch.responder.notify.Notice;
import dev.botwatch.responder.template.TextTemplate;

/**
 * Action kind {@code email}: renders a subject and body from the alert ({@code {{bot}}}, {@code
 * {{alertname}}}, any label) and sends it in one attempt through an {@link EmailSender}. Without
 * templates it sends {@link Messages#alert}: the alert's labels and annotations. Label values are
 * made one line ({@link TextTemplate}), and the sender puts the subject on one line as a whole, so
 * no label can add a mail header.
 */
public final class EmailAction implements Action {
  private final EmailSender sender;
  private final TextTemplate subject;
  private final TextTemplate body;

  /**
   * @param subject subject template, or null for the default
   * @param body body template, or null for the default
   */
  public EmailAction(EmailSender sender, String subject, String body) {
    this.sender = sender;
    this.subject = subject == null ? null : new TextTemplate(subject);
    this.body = body == null ? null : new TextTemplate(body);
  }

  @Override
  public String kind() {
    return "email";
  }

  @Override
  public String target() {
    return sender.target();
  }

  @Override
  public String describe(ActionContext ctx) {
    return sender.describe(render(ctx));
  }

  @Override
  public Outcome attempt(ActionContext ctx) {
    return sender.send(render(ctx), ctx.deadline());
  }

  Notice render(ActionContext ctx) {
    Notice fallback = Messages.alert(ctx);
    return new Notice(
        subject == null ? fallback.subject() : subject.render(ctx::label),
        body == null ? fallback.body() : body.render(ctx::label));
  }
}
