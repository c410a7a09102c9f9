package dev.botwatch.responder.policy;

import dev.botwatch.responder.model.Incident;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What the policy needs to know about a bot beyond the alert, read from the store in the same
 * transaction that records the decision, so concurrent notifications cannot both pass a cap. Each
 * fact but the incident is read when the policy first asks for it and kept: a repeat inside its
 * verify window, an alert without a playbook or an emergency never reads the caps.
 *
 * <ul>
 *   <li>{@code incident}: the open or closed incident of this alert episode, or null
 *   <li>{@code runsLastHour}: recovery playbook runs on the bot in the last hour
 *   <li>{@code restartsLastHour}: runs of restart playbooks on the bot in the last hour
 *   <li>{@code lastRun}: when the last recovery run on the bot was planned, or null
 *   <li>{@code latched}: the bot's emergency latch is on
 *   <li>{@code killSwitch}: the bot reports a kill switch on (an open BotKillSwitchActive incident)
 * </ul>
 */
public final class Facts {
  private final Incident incident;
  private final Supplier<Integer> runsLastHour;
  private final Supplier<Integer> restartsLastHour;
  private final Supplier<Instant> lastRun;
  private final Supplier<Boolean> latched;
  private final Supplier<Boolean> killSwitch;

  /** Facts known already (tests, and callers that have read them). */
  public Facts(
      Incident incident,
      int runsLastHour,
      int restartsLastHour,
      Instant lastRun,
      boolean latched,
      boolean killSwitch) {
    this(
        incident,
        () -> runsLastHour,
        () -> restartsLastHour,
        () -> lastRun,
        () -> latched,
        () -> killSwitch);
  }

  /** Facts read on first use, each at most once (one thread: the caller's transaction). */
  public Facts(
      Incident incident,
      Supplier<Integer> runsLastHour,
      Supplier<Integer> restartsLastHour,
      Supplier<Instant> lastRun,
      Supplier<Boolean> latched,
      Supplier<Boolean> killSwitch) {
    this.incident = incident;
    this.runsLastHour = once(runsLastHour);
    this.restartsLastHour = once(restartsLastHour);
    this.lastRun = once(lastRun);
    this.latched = once(latched);
    this.killSwitch = once(killSwitch);
  }

  public Incident incident() {
    return incident;
  }

  public int runsLastHour() {
    return runsLastHour.get();
  }

  public int restartsLastHour() {
    return restartsLastHour.get();
  }

  public Instant lastRun() {
    return lastRun.get();
  }

  public boolean latched() {
    return latched.get();
  }

  public boolean killSwitch() {
    return killSwitch.get();
  }

  private static <T> Supplier<T> once(Supplier<T> read) {
    return new Supplier<>() {
      private boolean done;
      private T value;

      @Override
      public T get() {
        if (!done) {
          value = read.get();
          done = true;
        }
        return value;
      }
    };
  }
}
