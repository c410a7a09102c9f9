package dev.botwatch.responder.policy;

import dev.botwatch.responder.model.Incident;
import java.time.Instant;

/**
 * What the policy needs to know about a bot beyond the alert, read from the store in the same
 * transaction that records the decision, so concurrent notifications cannot both pass a cap.
 *
 * @param incident the open or closed incident of this alert episode, or null
 * @param runsLastHour recovery playbook runs on the bot in the last hour
 * @param restartsLastHour runs of restart playbooks on the bot in the last hour
 * @param lastRun when the last recovery run on the bot was planned, or null
 * @param latched the bot's emergency latch is on
 * @param killSwitch the bot reports a kill switch on (an open BotKillSwitchActive incident)
 */
public record Facts(
    Incident incident,
    int runsLastHour,
    int restartsLastHour,
    Instant lastRun,
    boolean latched,
    boolean killSwitch) {}
