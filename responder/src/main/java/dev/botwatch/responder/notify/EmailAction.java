package dev.botwatch.responder.notify;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;

/**
 * Action kind {@code email}: renders a subject and body from the alert ({@code {{bot}}}, {@code
 * {{alertname}}}, any label) and sends it in one attempt through an {@link EmailSender}. Without
 * templates it sends {@link Messages#alert}: the alert's labels and annotations.
 */
public final class EmailAction implements Action {
  private final EmailSender sender;
  private final String subject;
  private final String body;

  /**
   * @param subject subject template, or null for the default
   * @param body body template, or null for the default
   */
  public EmailAction(EmailSender sender, String subject, String body) {
    this.sender = sender;
    this.subject = subject;
    this.body = body;
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
        subject == null ? fallback.subject() : ctx.render(subject),
        body == null ? fallback.body() : ctx.render(body));
  }
}
