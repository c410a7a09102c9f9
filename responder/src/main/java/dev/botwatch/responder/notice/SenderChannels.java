package dev.botwatch.responder.notice;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.notify.ChatWebhookSender;
import dev.botwatch.responder.notify.EmailSender;
import dev.botwatch.responder.notify.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link NoticeChannels} over the configured senders: {@code email} (Jakarta Mail) and {@code
 * webhook} (Slack/Discord), whichever is configured (either may be null).
 */
public final class SenderChannels implements NoticeChannels {
  private final EmailSender email;
  private final ChatWebhookSender chat;

  public SenderChannels(EmailSender emailOrNull, ChatWebhookSender chatOrNull) {
    this.email = emailOrNull;
    this.chat = chatOrNull;
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
  public Action action(String channel, Supplier<Notice> notice) {
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

  private record NoticeAction(
      String kind,
      String target,
      Supplier<Notice> notice,
      Function<Notice, Outcome> send,
      Function<Notice, String> describe)
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
