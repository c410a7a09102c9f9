package dev.botwatch.responder.notice;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.notify.Notice;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where notices to people go (email, chat), as actions the executor runs like any other. The
 * message is built when the action runs, so it reports the steps recorded up to then.
 */
public interface NoticeChannels {
  /** Configured channel names ({@code email}, {@code webhook}); empty when none. */
  List<String> names();

  /** Sends the notice {@code notice} builds through {@code channel}; null if not configured. */
  Action action(String channel, Supplier<Notice> notice);

  NoticeChannels NONE =
      new NoticeChannels() {
        @Override
        public List<String> names() {
          return List.of();
        }

        @Override
        public Action action(String channel, Supplier<Notice> notice) {
          return null;
        }
      };
}
