package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Config checks that keep every emergency stop able to finish: each emergency sequence ends with
 * the step that stops the bot, each bot's sequence exists and fits how the bot is controlled.
 * Errors name the key to fix.
 */
final class EmergencyChecks {
  private EmergencyChecks() {}

  static void validate(ResponderConfig c, Problems p) {
    Set<String> emergency = new LinkedHashSet<>();
    emergency.add(Playbooks.EMERGENCY_STOP);
    emergency.add(Playbooks.FREQTRADE_EMERGENCY_STOP);
    c.bots()
        .forEach(
            (name, bot) -> {
              if (bot == null || bot.emergencyPlaybook() == null) {
                return;
              }
              String pb = bot.emergencyPlaybook();
              if (!c.playbooks().containsKey(pb)) {
                p.add(
                    "bots." + name + ".emergency_playbook",
                    "names no playbook (known: " + c.known() + ")");
              } else {
                emergency.add(pb);
              }
            });
    for (String name : emergency) {
      PlaybookConfig pb = c.playbooks().get(name);
      if (pb != null) {
        sequence(name, pb.steps(), p);
      }
    }
    c.bots()
        .forEach(
            (name, bot) -> {
              if (bot != null) {
                fits(name, bot, c, p);
              }
            });
  }

  /** The sequence has a step that stops the bot, and it is the last one. */
  private static void sequence(String name, List<StepConfig> steps, Problems p) {
    String at = "playbooks." + name + ".steps";
    int stop = -1;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) != null && Playbooks.stopsBot(steps.get(i))) {
        stop = i;
      }
    }
    if (stop < 0) {
      p.add(
          at,
          "is an emergency sequence without a step that stops the bot: end it with"
              + " {action: http, endpoint: emergency-mode} or {action: freqtrade, operation: stop}");
    } else if (stop != steps.size() - 1) {
      p.add(
          at + "[" + stop + "]",
          "stops the bot but is not the last step of the emergency sequence: the step that"
              + " stops the bot always runs last");
    }
  }

  /** A bot's emergency sequence uses only the ways the bot can be reached. */
  private static void fits(String name, BotConfig bot, ResponderConfig c, Problems p) {
    boolean explicit = bot.emergencyPlaybook() != null;
    if (!explicit && bot.control() == null && bot.freqtrade() == null) {
      return; // nothing to reach the bot with; its emergency steps are recorded as skipped
    }
    String pbName = bot.emergencyPlaybookOrDefault();
    PlaybookConfig pb = c.playbooks().get(pbName);
    if (pb == null) {
      return; // reported above
    }
    String at = explicit ? "bots." + name + ".emergency_playbook" : "bots." + name;
    for (StepConfig s : pb.steps()) {
      if (s instanceof StepConfig.Freqtrade && bot.freqtrade() == null) {
        p.add(
            at,
            "runs "
                + pbName
                + ", whose freqtrade steps need bots."
                + name
                + ".freqtrade (set it, or name another emergency_playbook)");
        return;
      }
      if (s instanceof StepConfig.Http && bot.control() == null) {
        p.add(
            at,
            "runs "
                + pbName
                + ", whose http steps need bots."
                + name
                + ".control (set it, or name another emergency_playbook)");
        return;
      }
    }
  }
}
