package dev.botwatch.responder.store;

import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.History;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The health report's reads: one period of the audit trail, bounded. */
final class SqlHistory {
  private static final String OPEN_IN_PERIOD =
      "opened_ms < :until AND (closed_ms IS NULL OR closed_ms >= :since)";

  private SqlHistory() {}

  static History read(Handle h, Instant since, Instant until, int limit) {
    List<History.Span> incidents =
        h.createQuery(
                "SELECT * FROM incidents WHERE " + OPEN_IN_PERIOD + " ORDER BY id LIMIT :limit")
            .bind("since", since.toEpochMilli())
            .bind("until", until.toEpochMilli())
            .bind("limit", limit + 1)
            .map(
                (rs, ctx) ->
                    new History.Span(
                        Rows.INCIDENT.map(rs, ctx),
                        Rows.instant(rs, "opened_ms"),
                        Rows.instant(rs, "closed_ms")))
            .list();
    List<ActionRecord> actions =
        h.createQuery(
                "SELECT * FROM actions WHERE (planned_ms >= :since AND planned_ms < :until)"
                    + " OR incident_id IN (SELECT id FROM incidents WHERE "
                    + OPEN_IN_PERIOD
                    + ") ORDER BY id LIMIT :limit")
            .bind("since", since.toEpochMilli())
            .bind("until", until.toEpochMilli())
            .bind("limit", limit * 10 + 1)
            .map(Rows.ACTION)
            .list();
    List<History.EmergencyRun> stops =
        h.createQuery(
                "SELECT id, incident_id, bot, created_ms FROM runs WHERE kind = 'emergency'"
                    + " AND created_ms >= :since AND created_ms < :until ORDER BY id LIMIT :limit")
            .bind("since", since.toEpochMilli())
            .bind("until", until.toEpochMilli())
            .bind("limit", limit)
            .map(
                (rs, ctx) ->
                    new History.EmergencyRun(
                        rs.getLong("id"),
                        rs.getLong("incident_id"),
                        rs.getString("bot"),
                        Rows.instant(rs, "created_ms")))
            .list();
    boolean truncated = incidents.size() > limit || actions.size() > limit * 10;
    return new History(
        incidents.subList(0, Math.min(limit, incidents.size())),
        actions.subList(0, Math.min(limit * 10, actions.size())),
        stops,
        truncated);
  }

  /** The days of the last {@code n} daily reports claimed, newest first. */
  static List<String> reportDays(Handle h, int n) {
    return h.createQuery(
            "SELECT starts_at FROM runs WHERE kind = 'report' ORDER BY id DESC LIMIT :n")
        .bind("n", n)
        .mapTo(String.class)
        .list();
  }
}
