package dev.botwatch.responder.action.message;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.notify.ChatWebhookSender;
import dev.botwatch.responder.notify.Messages;
import dev.botwatch.responder.notify.Notice;
import dev.botwatch.responder.template.TextTemplate;

/**
 * Action kind {@code webhook}: renders a text template from the alert and posts it to a Slack or
 * Discord webhook in one attempt. Without a template it posts {@link Messages#alert}'s subject and
 * body. Label values are made one line ({@link TextTemplate}); the sender builds the JSON with
 * Jackson, so no value can break it.
 */
public final class ChatAction implements Action {
  private final ChatWebhookSender sender;
  private final TextTemplate text;

  /**
   * @param text message template ({@code {{bot}}}, {@code {{alertname}}}, any label), or null
   */
  public ChatAction(ChatWebhookSender sender, String text) {
    this.sender = sender;
    this.text = text == null ? null : new TextTemplate(text);
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
      return text.render(ctx::label);
    }
    Notice n = Messages.alert(ctx);
    return n.subject() + "\n" + n.body();
  }
}
