package dev.botwatch.responder.notify;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;

/**
 * Action kind {@code webhook}: renders a text template from the alert and posts it to a Slack or
 * Discord webhook in one attempt. Without a template it posts {@link Messages#alert}'s subject and
 * body.
 */
public final class ChatAction implements Action {
  private final ChatWebhookSender sender;
  private final String text;

  /**
   * @param text message template ({@code {{bot}}}, {@code {{alertname}}}, any label), or null
   */
  public ChatAction(ChatWebhookSender sender, String text) {
    this.sender = sender;
    this.text = text;
  }

  @Override
  public String kind() {
    return "webhook";
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

  String render(ActionContext ctx) {
    if (text != null) {
      return ctx.render(text);
    }
    Notice n = Messages.alert(ctx);
    return n.subject() + "\n" + n.body();
  }
}
