package dev.botwatch.responder.engine;

import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.RunKey;
import dev.botwatch.responder.notice.NoticeKind;
import dev.botwatch.responder.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows the last step of an emergency stop: the summary notice, and first, if the step that
 * stops the bot (always the last) did not succeed, a critical manual-intervention notice.
 */
final class EmergencyOutcome {
  private static final Logger log = LoggerFactory.getLogger(EmergencyOutcome.class);

  private final Store store;
  private final Planner planner;
  private final Clock clock;

  EmergencyOutcome(Store store, Planner planner, Clock clock) {
    this.store = store;
    this.planner = planner;
    this.clock = clock;
  }

  /** Plans the notices for the finished emergency run {@code p}; returns their runs. */
  List<PlannedRun> after(PlannedRun p) {
    List<ActionRecord> done = store.runActions(p.runId());
    Incident inc = done.isEmpty() ? null : store.incident(done.get(0).incidentId());
    if (inc == null) {
      return List.of();
    }
    ActionRecord last = done.get(done.size() - 1);
    boolean stopped = last.status().ok();
    Map<NoticeKind, String> notices = new LinkedHashMap<>();
    if (!stopped) {
      notices.put(
          NoticeKind.CRITICAL,
          "the step that stops the bot, "
              + last.step()
              + " ("
              + last.kind()
              + "), ended "
              + last.status().id()
              + (last.detail() == null ? "" : ": " + last.detail()));
      log.error("emergency stop of {} did not stop the bot: {}", p.bot(), last.detail());
    }
    notices.put(NoticeKind.EMERGENCY, "emergency stop");
    Instant now = clock.instant();
    RunKey key = new RunKey(inc.bot(), inc.fingerprint(), inc.startsAt(), "");
    return store
        .write(
            tx -> {
              Plan.Builder out = new Plan.Builder();
              notices.forEach(
                  (kind, why) -> planner.notice(tx, inc.id(), key, kind, why, now, out));
              return out.build();
            })
        .runs();
  }
}
