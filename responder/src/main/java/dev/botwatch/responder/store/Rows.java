package dev.botwatch.responder.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.Recheck;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Rows to model records and back. Times are epoch milliseconds, labels and annotations JSON text:
 * plain column types every SQL database has.
 */
final class Rows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private Rows() {}

  static final RowMapper<ActionRecord> ACTION =
      (rs, ctx) ->
          new ActionRecord(
              rs.getLong("id"),
              rs.getLong("run_id"),
              rs.getLong("incident_id"),
              rs.getString("bot"),
              rs.getString("playbook"),
              rs.getInt("seq"),
              rs.getString("step"),
              rs.getString("kind"),
              ActionStatus.of(rs.getString("status")),
              rs.getString("detail"),
              instant(rs, "planned_ms"),
              instant(rs, "started_ms"),
              instant(rs, "ended_ms"));

  static final RowMapper<Incident> INCIDENT =
      (rs, ctx) ->
          new Incident(
              rs.getLong("id"),
              rs.getString("bot"),
              rs.getString("fingerprint"),
              rs.getString("starts_at"),
              rs.getString("alertname"),
              rs.getString("playbook"),
              rs.getString("level"),
              instant(rs, "level_ms"),
              rs.getInt("open") == 1,
              map(rs.getString("labels")),
              map(rs.getString("annotations")));

  static final RowMapper<Recheck> RECHECK =
      (rs, ctx) ->
          new Recheck(rs.getLong("incident_id"), rs.getString("bot"), instant(rs, "due_ms"));

  static Instant instant(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  static Long ms(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  static String json(Map<String, String> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A row written by hand or by a broken build must not stop the audit trail from being read. */
  static Map<String, String> map(String s) {
    try {
      return s == null ? Map.of() : JSON.readValue(s, MAP);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
