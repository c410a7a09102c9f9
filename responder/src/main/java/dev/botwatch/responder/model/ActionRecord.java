package dev.botwatch.responder.model;

import java.time.Instant;

/**
 * One row of the audit trail: a playbook step on a bot, planned, then running, then final. A notice
 * may be {@link ActionStatus#HELD held} in between. {@code owner} names the process that claimed it
 * (null until claimed).
 */
public record ActionRecord(
    long id,
    long runId,
    long incidentId,
    String bot,
    String playbook,
    int seq,
    String step,
    String kind,
    ActionStatus status,
    String detail,
    Instant plannedAt,
    Instant startedAt,
    Instant endedAt) {
  public boolean finished() {
    return status.isFinal();
  }
}
