package dev.botwatch.responder.store;

import java.time.Instant;

/**
 * One row of the audit trail: a playbook step on a bot, planned, then running, then final.
 *
 * @param status planned, running, success, failure, refused, dry_run, skipped, interrupted; a
 *     notice may be held (waiting to go out with others of its bot as one message)
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
    String status,
    String detail,
    Instant plannedAt,
    Instant startedAt,
    Instant endedAt) {
  public boolean finished() {
    return !"planned".equals(status) && !"running".equals(status);
  }
}
