package dev.botwatch.responder;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.policy.Incident;
import dev.botwatch.responder.store.ActionRecord;
import java.util.List;

/**
 * Where notices to people go (email, chat), as actions the executor runs like any other. The
 * message is built when the action runs, from the incident and its recorded steps.
 */
public interface NoticeChannels {
  /** What a notice is about. */
  enum Kind {
    MANUAL_INTERVENTION("manual-intervention"),
    RECOVERED("recovered"),
    EMERGENCY("emergency-notice");

    public final String step;

    Kind(String step) {
      this.step = step;
    }
  }

  /** The facts a notice reports; {@code steps} is everything recorded for the incident. */
  record Subject(Incident incident, String reason, List<ActionRecord> steps) {}

  /** Configured channel names ({@code email}, {@code webhook}); empty when none. */
  List<String> names();

  Action action(String channel, Kind kind, java.util.function.Supplier<Subject> subject);

  /** Any prepared notice (the watchdog's) through a channel; null if it is not configured. */
  default Action raw(
      String channel, java.util.function.Supplier<dev.botwatch.responder.notify.Notice> notice) {
    return null;
  }

  NoticeChannels NONE =
      new NoticeChannels() {
        @Override
        public List<String> names() {
          return List.of();
        }

        @Override
        public Action action(
            String channel, Kind kind, java.util.function.Supplier<Subject> subject) {
          return null;
        }
      };
}
