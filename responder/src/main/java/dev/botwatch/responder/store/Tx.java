package dev.botwatch.responder.store;

import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.NewAction;
import dev.botwatch.responder.model.NewIncident;
import dev.botwatch.responder.model.Recheck;
import dev.botwatch.responder.model.RunKey;
import dev.botwatch.responder.model.RunKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The reads and writes of one unit of work, all inside its transaction: what intake reads to decide
 * (caps, latch, incident) is what it writes against, so concurrent notifications cannot both pass a
 * cap.
 */
public interface Tx {
  /**
   * Runs {@code r} once this unit's transaction committed, in commit order, on the writer's thread;
   * never if the unit or the commit failed. For quick hand-offs only (queue a run, arm a timer): it
   * must not block or write.
   */
  void afterCommit(Runnable r);

  /**
   * Holds the bot's planning lock until this unit's transaction ends: replicas sharing a database
   * decide for one bot one at a time, so caps, cooldowns, the latch and the ladder read what the
   * other replica committed. Take it before reading anything of the bot; several bots in sorted
   * order.
   */
  void lockBot(String bot);

  void notification(Instant at, String groupKey, String status, String receiver, int alerts);

  Incident incident(String bot, String fingerprint, String startsAt);

  Incident incident(long id);

  long openIncident(NewIncident incident, Instant now);

  /** True if this closed it (it was open). */
  boolean closeIncident(long id, Instant now);

  void setLevel(long id, String level, Instant now);

  /**
   * Claims the dedupe key; -1 if it was claimed before, by a repeat, an HA twin or a run before a
   * restart. {@code counted}: it counts against the recovery caps.
   */
  long claimRun(RunKey key, long incidentId, RunKind kind, boolean counted, Instant now);

  long planAction(NewAction action, Instant now);

  int countedRunsSince(String bot, Instant since);

  /** Counted runs since {@code since} whose step is one of {@code steps}. */
  int countedRunsOfSince(String bot, Set<String> steps, Instant since);

  /** When the last counted run on the bot was planned; null if never. */
  Instant lastCountedRun(String bot);

  boolean latched(String bot);

  /** An incident of {@code alertname} is open for the bot (a kill switch reported on). */
  boolean hasOpenIncident(String bot, String alertname);

  /** Turns the latch on; false if it already was (the reason and time are kept). */
  boolean latch(String bot, String reason, Instant now);

  /** True the first time in a latch: liquidation happens at most once per emergency. */
  boolean claimLiquidation(String bot, Instant now);

  /** The liquidation of the current latch was confirmed. */
  void liquidated(String bot, Instant now);

  boolean unlatch(String bot, Instant now);

  void watchdogSeen(Instant at);

  /** Planned to running for {@code owner}; false if the step is no longer planned. */
  boolean claimAction(long actionId, String owner, Instant now);

  void finishAction(long actionId, ActionStatus status, String detail, Instant now);

  void holdAction(long actionId, Instant now);

  void noticeSent(String bot, String channel, int notices, Instant at);

  /** Adds a re-check; false (nothing changed) if the incident already has one. */
  boolean addRecheck(Recheck recheck);

  void moveRecheck(long incidentId, Instant due);

  void dropRecheck(long incidentId);

  /** The bot's re-checks due at {@code now}, earliest first. */
  List<Recheck> dueRechecks(String bot, Instant now);

  /** The bot's earliest re-check, null if none. */
  Recheck nextRecheck(String bot);

  /** A run with this dedupe key was claimed (by anyone, ever). */
  boolean claimed(RunKey key);

  /**
   * Incidents of {@code bot} and {@code alertname} other than the alert {@code fingerprint}'s own,
   * that are open or closed at or after {@code since}, newest first, at most {@code limit}: the
   * candidates for the episode a severity twin belongs to.
   */
  List<Incident> episodeCandidates(
      String bot, String alertname, String fingerprint, Instant since, int limit);

  /** Opens a closed incident again; true if this reopened it (it was closed). */
  boolean reopenIncident(long id);
}
