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
    MANUAL_INTERVENTION("manual-intervention", "needs you", true),
    RECOVERED("recovered", "recovered", false),
    EMERGENCY("emergency-notice", "emergency stop", false),
    /** An emergency stop that could not stop the bot: a person must, now. */
    CRITICAL("manual-intervention-critical", "CRITICAL: not stopped", false);

    public final String step;

    /** How a grouped message labels it. */
    public final String label;

    /**
     * Waits for its bot's grouping window when others came just before it. Only manual-intervention
     * notices storm (one per incident once the caps run out); the others are bounded by the caps or
     * by emergency stops and go out at once, within the hourly limit.
     */
    public final boolean grouped;

    Kind(String step, String label, boolean grouped) {
      this.step = step;
      this.label = label;
      this.grouped = grouped;
    }

    /** Asks a person to act (counted in "N incidents need you"). */
    public boolean needsYou() {
      return this == MANUAL_INTERVENTION || this == CRITICAL;
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
