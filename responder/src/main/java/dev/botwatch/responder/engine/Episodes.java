package dev.botwatch.responder.engine;

import dev.botwatch.responder.alert.Alert;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.RunKey;
import dev.botwatch.responder.model.RunKind;
import dev.botwatch.responder.policy.Policy;
import dev.botwatch.responder.store.Tx;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which incident an alert belongs to. A warning and its critical twin (the same labels but {@code
 * severity}, so the same bot and alertname, and the same playbook) are one episode of one fault:
 * the incident the first of them opened, with one ladder, each rung run once, one recovered notice.
 *
 * <p>Why it matters: Alertmanager inhibits the warning while the critical fires, and the two travel
 * on different routes. When the critical resolves, the warning (still above its lower threshold
 * while the rate window decays) is delivered for the first time; as an incident of its own it would
 * run the playbook a second time for a fault already repaired.
 *
 * <p>An alert joins the newest incident of a twin that is open, or that closed after the alert
 * started firing (the alert fired all along, hidden by the inhibition): the episode is not over, so
 * it reopens, keeping its ladder, with a fresh verify window for the rung that ran.
 */
final class Episodes {
  /** Twin candidates looked at per alert; a bot has few incidents of one alert open at once. */
  private static final int CANDIDATES = 20;

  /** The step name of a resolve noted in the runs table (no steps run under it). */
  static final String RESOLVED_STEP = "resolved";

  private final Policy policy;

  Episodes(Policy policy) {
    this.policy = policy;
  }

  /** The incident of the alert's episode: its own, else a twin's; null if there is none. */
  Incident of(Tx tx, Alert a, String bot) {
    Incident own = tx.incident(bot, a.fingerprint(), a.startsAt().toString());
    if (own != null) {
      return own;
    }
    String playbook = policy.playbookFor(a);
    for (Incident c :
        tx.episodeCandidates(bot, a.alertname(), a.fingerprint(), a.startsAt(), CANDIDATES)) {
      if (!Incident.MANUAL.equals(c.fingerprint())
          && c.playbook().equals(playbook)
          && twins(c.labels(), a.labels())) {
        return c;
      }
    }
    return null;
  }

  /**
   * True if another alert delivered with this one is a firing member of {@code inc}'s episode: the
   * episode goes on, whatever this alert's resolve says.
   */
  boolean stillFiring(Incident inc, Alert resolved, List<Alert> delivered, String bot) {
    for (Alert f : delivered) {
      if (f.firing()
          && !f.fingerprint().equals(resolved.fingerprint())
          && bot.equals(policy.botFor(f))
          && inc.playbook().equals(policy.playbookFor(f))
          && twins(inc.labels(), f.labels())) {
        return true;
      }
    }
    return false;
  }

  /** The alert's own resolve was noted: a firing repeat of the same episode is stale. */
  static boolean resolvedBefore(Tx tx, Alert a, String bot) {
    return tx.claimed(resolvedKey(a, bot));
  }

  /** Notes the alert's own resolve, once; a repeat of it changes nothing. */
  static void noteResolved(Tx tx, Alert a, String bot, long incidentId, Instant now) {
    tx.claimRun(resolvedKey(a, bot), incidentId, RunKind.RESOLVED, false, now);
  }

  private static RunKey resolvedKey(Alert a, String bot) {
    return new RunKey(bot, a.fingerprint(), a.startsAt().toString(), RESOLVED_STEP);
  }

  /** Equal but for {@code severity}, which differs. */
  static boolean twins(Map<String, String> a, Map<String, String> b) {
    return !Objects.equals(a.get("severity"), b.get("severity"))
        && withoutSeverity(a).equals(withoutSeverity(b));
  }

  private static Map<String, String> withoutSeverity(Map<String, String> labels) {
    Map<String, String> m = new HashMap<>(labels);
    m.remove("severity");
    return m;
  }
}
