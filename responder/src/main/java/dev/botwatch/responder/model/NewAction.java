package dev.botwatch.responder.model;

/**
 * A step to write into the audit trail with its run. A status other than {@link
 * ActionStatus#PLANNED} is final at once (a step skipped when planned).
 */
public record NewAction(
    long runId,
    long incidentId,
    String bot,
    String playbook,
    int seq,
    String step,
    String kind,
    ActionStatus status,
    String detail) {}
