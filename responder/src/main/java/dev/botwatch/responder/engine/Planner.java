package dev.botwatch.responder.engine;

import dev.botwatch.responder.alert.Alert;
import dev.botwatch.responder.config.BotConfig;
import dev.botwatch.responder.config.PlaybookConfig;
import dev.botwatch.responder.config.Playbooks;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.config.StepConfig;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.NewAction;
import dev.botwatch.responder.model.NewIncident;
import dev.botwatch.responder.model.Recheck;
import dev.botwatch.responder.model.RunKey;
import dev.botwatch.responder.model.RunKind;
import dev.botwatch.responder.notice.NoticeKind;
import dev.botwatch.responder.policy.Decision;
import dev.botwatch.responder.policy.Facts;
import dev.botwatch.responder.policy.Policy;
import dev.botwatch.responder.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Planning, inside the caller's transaction and nothing else: reads the facts, asks the {@link
 * Policy}, claims run keys and writes the planned steps, and collects in a {@link Plan.Builder}
 * what to do once the transaction committed. Calls nothing outside the store.
 */
final class Planner {
  private static final Logger log = LoggerFactory.getLogger(Planner.class);

  /** The alert that says the bot's own kill switch is on: recovery stands down while it fires. */
  static final String KILL_SWITCH_ALERT = "BotKillSwitchActive";

  private final ResponderConfig config;
  private final Policy policy;
  private final List<String> channels;
  private final Episodes episodes;

  /**
   * @param channels the configured notice channels; a notice is planned once per channel
   */
  Planner(ResponderConfig config, Policy policy, List<String> channels) {
    this.config = config;
    this.policy = policy;
    this.channels = List.copyOf(channels);
    this.episodes = new Episodes(policy);
  }

  Policy policy() {
    return policy;
  }

  /**
   * Decides about one alert of a notification ({@code recheck} false; {@code delivered} the alerts
   * that came with it) or one incident a cooldown held back ({@code recheck} true) and plans what
   * the decision asks for. The incident keeps a cooldown re-check exactly while its last decision
   * was "wait for the cooldown". The alert acts on its episode's incident ({@link Episodes}): its
   * own, or its severity twin's, whose run keys it shares, so each rung runs once per episode.
   */
  void alert(
      Tx tx,
      Alert a,
      String bot,
      Instant now,
      boolean recheck,
      List<Alert> delivered,
      Plan.Builder out) {
    Incident inc = episodes.of(tx, a, bot);
    if (!a.firing()) {
      resolved(tx, a, bot, inc, delivered, now, out);
      return;
    }
    if (inc != null
        && !inc.open()
        && !Episodes.resolvedBefore(tx, a, bot)
        && tx.reopenIncident(inc.id())) {
      // This alert never resolved: a twin's resolve closed the episode while it still fired
      // (inhibited, so unseen). The episode goes on; the rung that ran gets a fresh verify window,
      // since the twin's resolve says it helped.
      if (inc.level() != null) {
        tx.setLevel(inc.id(), inc.level(), now);
      }
      inc = tx.incident(inc.id());
    }
    String fp = inc != null ? inc.fingerprint() : a.fingerprint();
    String startsAt = inc != null ? inc.startsAt() : a.startsAt().toString();
    Instant hourAgo = now.minus(Duration.ofHours(1));
    Facts facts =
        new Facts(
            inc,
            () -> tx.countedRunsSince(bot, hourAgo),
            () -> tx.countedRunsOfSince(bot, policy.restartPlaybooks(), hourAgo),
            () -> tx.lastCountedRun(bot),
            () -> tx.latched(bot),
            () -> tx.hasOpenIncident(bot, KILL_SWITCH_ALERT));
    Decision d = policy.decide(a, facts, now);
    long incidentId =
        inc != null
            ? inc.id()
            : tx.openIncident(
                new NewIncident(
                    bot,
                    fp,
                    startsAt,
                    a.alertname(),
                    policy.playbookFor(a),
                    a.labels(),
                    a.annotations()),
                now);
    RunKey key = new RunKey(bot, fp, startsAt, "");
    if (d instanceof Decision.RateLimited rl && !rl.exhausted()) {
      // Only the cooldown holds it back: look again when it ends, once per incident.
      if (!recheck) {
        out.count(Counted.rateLimited(bot, rl.playbook()));
      }
      Instant due = facts.lastRun().plus(config.limits().cooldown());
      if (recheck) {
        tx.moveRecheck(incidentId, due);
      } else if (tx.addRecheck(new Recheck(incidentId, bot, due))) {
        out.recheck(new Recheck(incidentId, bot, due));
      }
      return;
    }
    tx.dropRecheck(incidentId);
    if (d instanceof Decision.Run r) {
      run(tx, r, a, incidentId, key, now, out);
    } else if (d instanceof Decision.RateLimited rl) {
      out.count(Counted.rateLimited(bot, rl.playbook()));
      notice(tx, incidentId, key, NoticeKind.MANUAL_INTERVENTION, rl.reason(), now, out);
    } else if (d instanceof Decision.Manual m) {
      notice(tx, incidentId, key, NoticeKind.MANUAL_INTERVENTION, m.reason(), now, out);
    }
    // RecordOnly, Wait: the notification is recorded; nothing to run.
  }

  /**
   * A resolve closes the episode, resets its ladder and says "recovered" once (if anything ran),
   * unless a twin delivered with it still fires. It is noted either way, so a stale firing repeat
   * of this same alert (an HA twin) never reopens the episode.
   */
  private void resolved(
      Tx tx,
      Alert a,
      String bot,
      Incident inc,
      List<Alert> delivered,
      Instant now,
      Plan.Builder out) {
    if (inc == null) {
      return;
    }
    Episodes.noteResolved(tx, a, bot, inc.id(), now);
    if (episodes.stillFiring(inc, a, delivered, bot) || !tx.closeIncident(inc.id(), now)) {
      return;
    }
    tx.dropRecheck(inc.id());
    if (inc.level() != null) {
      notice(
          tx,
          inc.id(),
          new RunKey(bot, inc.fingerprint(), inc.startsAt(), ""),
          NoticeKind.RECOVERED,
          "resolved",
          now,
          out);
    }
  }

  private void run(
      Tx tx, Decision.Run r, Alert a, long incidentId, RunKey key, Instant now, Plan.Builder out) {
    String bot = key.bot();
    // An emergency alert runs the bot's own sequence, whichever emergency playbook it names.
    boolean emergency = config.isEmergency(r.playbook());
    RunKind kind = emergency ? RunKind.EMERGENCY : RunKind.RECOVERY;
    // A stand-down is recorded once per rung under its own key and leaves the ladder where it
    // is: once the latch or kill switch is off, the next repeat runs the rung for real.
    String step = r.standDown() ? r.playbook() + "/stood-down" : r.playbook();
    long runId =
        tx.claimRun(withStep(key, step), incidentId, kind, !emergency && !r.standDown(), now);
    if (runId < 0) {
      return; // this step already ran for this alert: a repeat, an HA twin, or a restart
    }
    if (!r.standDown()) {
      tx.setLevel(incidentId, r.playbook(), now);
    }
    if (emergency) {
      tx.latch(bot, "alert " + a.alertname(), now);
    }
    steps(
        tx,
        runId,
        incidentId,
        bot,
        emergency ? config.emergencyPlaybookFor(bot) : r.playbook(),
        r.standDown() ? r.reason() : null,
        now,
        out);
    if (!r.standDown()) {
      out.run(new PlannedRun(runId, bot, kind));
    }
  }

  /**
   * Writes a playbook's steps as planned, or final at once: skipped for a stand-down, and for a
   * liquidation where it is disabled, outside a latch, or already claimed in this latch.
   */
  void steps(
      Tx tx,
      long runId,
      long incidentId,
      String bot,
      String playbook,
      String standDown,
      Instant now,
      Plan.Builder out) {
    PlaybookConfig pb = config.playbooks().get(playbook);
    BotConfig b = config.bots().get(bot);
    for (int seq = 0; seq < pb.steps().size(); seq++) {
      StepConfig s = pb.steps().get(seq);
      ActionStatus status = ActionStatus.PLANNED;
      String detail = null;
      if (standDown != null) {
        status = ActionStatus.SKIPPED;
        detail = standDown;
      } else if (Playbooks.LIQUIDATING.contains(s.name())) {
        if (!b.liquidationEnabled()) {
          status = ActionStatus.SKIPPED;
          detail = "liquidation is disabled for " + bot + " (bots." + bot + ".liquidation_enabled)";
        } else if (!tx.latched(bot)) {
          status = ActionStatus.SKIPPED;
          detail = "liquidation runs only inside an emergency stop (the latch is off)";
        } else if (!tx.claimLiquidation(bot, now)) {
          status = ActionStatus.SKIPPED;
          detail = "positions were already liquidated in this emergency";
        }
      }
      tx.planAction(
          new NewAction(runId, incidentId, bot, playbook, seq, s.name(), s.kind(), status, detail),
          now);
      if (status != ActionStatus.PLANNED) {
        out.count(Counted.of(bot, playbook, s.name(), status));
      }
    }
  }

  /**
   * Plans a notice to people: one per incident and kind (its run key), one step per configured
   * channel. Without any channel it is recorded skipped, said plainly, and not a failure.
   */
  void notice(
      Tx tx,
      long incidentId,
      RunKey incident,
      NoticeKind kind,
      String reason,
      Instant now,
      Plan.Builder out) {
    String bot = incident.bot();
    long runId = tx.claimRun(withStep(incident, kind.step), incidentId, RunKind.NOTICE, false, now);
    if (runId < 0) {
      return; // exactly one notice of a kind per incident
    }
    if (channels.isEmpty()) {
      tx.planAction(
          new NewAction(
              runId,
              incidentId,
              bot,
              NoticeKind.PLAYBOOK,
              0,
              kind.step,
              "email",
              ActionStatus.SKIPPED,
              "no smtp: neither notify.email nor notify.chat is configured (" + reason + ")"),
          now);
      if (kind == NoticeKind.CRITICAL) {
        log.error("bot {} needs a person now and no notify channel is configured: {}", bot, reason);
      }
      return;
    }
    for (int i = 0; i < channels.size(); i++) {
      // The reason is read back when the message is built: why a person is needed.
      tx.planAction(
          new NewAction(
              runId,
              incidentId,
              bot,
              NoticeKind.PLAYBOOK,
              i,
              kind.step,
              channels.get(i),
              ActionStatus.PLANNED,
              reason),
          now);
    }
    out.run(new PlannedRun(runId, bot, RunKind.NOTICE));
  }

  private static RunKey withStep(RunKey k, String step) {
    return new RunKey(k.bot(), k.fingerprint(), k.startsAt(), step);
  }
}
