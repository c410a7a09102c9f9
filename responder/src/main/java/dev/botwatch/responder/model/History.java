package dev.botwatch.responder.model;

import java.time.Instant;
import java.util.List;

/**
 * What the audit store knows of a period, for the health report: the incidents open at any time in
 * it, the actions planned in it or belonging to those incidents, and the emergency stops begun in
 * it. {@code truncated}: a list reached its limit.
 */
public record History(
    List<Span> incidents, List<ActionRecord> actions, List<EmergencyRun> stops, boolean truncated) {
  public History {
    incidents = List.copyOf(incidents);
    actions = List.copyOf(actions);
    stops = List.copyOf(stops);
  }

  /** An incident with when it opened and, once closed, when it closed (null while open). */
  public record Span(Incident incident, Instant openedAt, Instant closedAt) {}

  /** An emergency sequence that began at {@code at} for the incident {@code incidentId}. */
  public record EmergencyRun(long runId, long incidentId, String bot, Instant at) {}
}
