package dev.botwatch.responder.notice;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.notify.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** An {@code email} channel for tests: records each message's subject instead of sending it. */
public final class RecordingChannels implements NoticeChannels {
  private final List<String> subjects = new ArrayList<>();

  /** The subjects sent so far, oldest first. */
  public synchronized List<String> subjects() {
    return List.copyOf(subjects);
  }

  @Override
  public List<String> names() {
    return List.of("email");
  }

  @Override
  public Action action(String channel, Supplier<Notice> notice) {
    return new Action() {
      @Override
      public String kind() {
        return "email";
      }

      @Override
      public String target() {
        return "smtp:test";
      }

      @Override
      public String describe(ActionContext ctx) {
        return "email";
      }

      @Override
      public Outcome attempt(ActionContext ctx) {
        synchronized (RecordingChannels.this) {
          subjects.add(notice.get().subject());
        }
        return Outcome.success("sent");
      }
    };
  }
}
