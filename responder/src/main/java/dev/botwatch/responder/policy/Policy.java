package dev.botwatch.responder.policy;

import dev.botwatch.responder.alert.Alert;
import dev.botwatch.responder.config.LimitsConfig;
import dev.botwatch.responder.config.OverrideConfig;
import dev.botwatch.responder.config.PlaybookConfig;
import dev.botwatch.responder.config.Playbooks;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.config.StepConfig;
import dev.botwatch.responder.model.Incident;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The responder's judgement, with no I/O: which playbook an alert maps to, whether the ladder
 * climbs, and whether the caps allow it (by default 5 recovery runs per bot per hour, 5 min
 * cooldown, 3 restarts per hour). Emergency stops are never capped. While the bot's emergency latch
 * or kill switch is on, recovery stands down: it is recorded as skipped, nothing is called.
 */
public final class Policy {
  private final ResponderConfig config;
  private final LimitsConfig limits;
  private final Set<String> restarts;

  public Policy(ResponderConfig config) {
    this.config = config;
    this.limits = config.limits();
    Set<String> r = new TreeSet<>();
    config
        .playbooks()
        .forEach(
            (name, pb) -> {
              for (StepConfig s : pb.steps()) {
                if (s instanceof StepConfig.Command c && c.argv() == null) {
                  r.add(name);
                }
              }
            });
    this.restarts = Set.copyOf(r);
  }

  /**
   * Playbooks that restart the bot's process (a step running its {@code restart} command), counted
   * against {@code max_restarts_per_hour}.
   */
  public Set<String> restartPlaybooks() {
    return restarts;
  }

  /**
   * The bot an alert acts on: its {@code bot} label, else the {@code bot} of the first matching
   * override (a host alert on a single-bot host), else null: recorded only.
   */
  public String botFor(Alert a) {
    String bot = a.label("bot");
    if (bot != null && !bot.isBlank()) {
      return bot;
    }
    for (OverrideConfig o : config.overrides()) {
      if (o.matches(a.labels())) {
        return o.bot();
      }
    }
    return null;
  }

  /** The playbook for an alert: the first matching override, else its {@code recovery} label. */
  public String playbookFor(Alert a) {
    for (OverrideConfig o : config.overrides()) {
      if (o.matches(a.labels())) {
        return o.playbook();
      }
    }
    String r = a.label("recovery");
    return r == null || r.isBlank() ? Playbooks.NONE : r;
  }

  public Decision decide(Alert a, Facts f, Instant now) {
    String playbook = playbookFor(a);
    if (!a.firing()) {
      return new Decision.Close();
    }
    if (Playbooks.NONE.equals(playbook)) {
      return new Decision.RecordOnly("recovery is none");
    }
    if (!config.playbooks().containsKey(playbook)) {
      return new Decision.RecordOnly("no playbook named " + playbook);
    }
    String bot = botFor(a);
    if (bot == null || !config.bots().containsKey(bot)) {
      return new Decision.RecordOnly("bot " + bot + " is not configured");
    }
    Incident inc = f.incident();
    String target;
    if (inc != null && !inc.open()) {
      // A late repeat of an episode that already resolved: its ladder is over.
      return new Decision.Wait("incident already resolved");
    } else if (inc == null || inc.level() == null) {
      target = playbook;
    } else {
      Duration window = verifyWindow(inc.level());
      if (now.isBefore(inc.levelAt().plus(window))) {
        return new Decision.Wait("verify window of " + inc.level() + " still running");
      }
      String next = config.playbooks().get(inc.level()).escalateTo();
      if (next == null) {
        return new Decision.Wait("no step after " + inc.level());
      }
      if (Playbooks.MANUAL.equals(next)) {
        return new Decision.Manual("still firing after " + inc.level() + "; nothing left to try");
      }
      target = next;
    }
    if (config.isEmergency(target)) {
      return new Decision.Run(target, false, "emergency stop");
    }
    if (f.latched() || f.killSwitch()) {
      String why = f.latched() ? "emergency latch is on" : "kill switch is on";
      return new Decision.Run(target, true, why + ": recovery stands down");
    }
    if (f.runsLastHour() >= limits.maxActionsPerHour()) {
      return new Decision.RateLimited(
          target,
          "max_actions_per_hour (" + limits.maxActionsPerHour() + ") reached for " + bot,
          true);
    }
    if (restarts.contains(target) && f.restartsLastHour() >= limits.maxRestartsPerHour()) {
      return new Decision.RateLimited(
          target,
          "max_restarts_per_hour (" + limits.maxRestartsPerHour() + ") reached for " + bot,
          true);
    }
    if (f.lastRun() != null && now.isBefore(f.lastRun().plus(limits.cooldown()))) {
      return new Decision.RateLimited(target, "cooldown after the last action on " + bot, false);
    }
    return new Decision.Run(target, false, "ladder at " + target);
  }

  public Duration verifyWindow(String playbook) {
    PlaybookConfig pb = config.playbooks().get(playbook);
    return pb == null || pb.verifyWindow() == null ? limits.verifyWindow() : pb.verifyWindow();
  }
}
