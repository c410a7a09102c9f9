package dev.botwatch.responder.store;

import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.Latch;
import dev.botwatch.responder.model.NoticeSend;
import dev.botwatch.responder.model.Recheck;
import dev.botwatch.responder.model.RunKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** The queries both a unit of work and the store's own reads use, on whatever handle they have. */
final class SqlReads {
  private SqlReads() {}

  static List<ActionRecord> runActions(Handle h, long runId) {
    return h.createQuery("SELECT * FROM actions WHERE run_id = :run ORDER BY seq, id")
        .bind("run", runId)
        .map(Rows.ACTION)
        .list();
  }

  static Incident incident(Handle h, long id) {
    return h.createQuery("SELECT * FROM incidents WHERE id = :id")
        .bind("id", id)
        .map(Rows.INCIDENT)
        .findOne()
        .orElse(null);
  }

  static RunKind runKind(Handle h, long runId) {
    return h.createQuery("SELECT kind FROM runs WHERE id = :id")
        .bind("id", runId)
        .mapTo(String.class)
        .findOne()
        .map(RunKind::of)
        .orElse(null);
  }

  static List<ActionRecord> actions(Handle h, String bot, int limit, int offset) {
    var q =
        h.createQuery(
            "SELECT * FROM actions"
                + (bot == null ? "" : " WHERE bot = :bot")
                + " ORDER BY id DESC LIMIT :limit OFFSET :offset");
    if (bot != null) {
      q.bind("bot", bot);
    }
    return q.bind("limit", limit).bind("offset", offset).map(Rows.ACTION).list();
  }

  static long countActions(Handle h, String bot) {
    var q =
        h.createQuery("SELECT COUNT(*) FROM actions" + (bot == null ? "" : " WHERE bot = :bot"));
    if (bot != null) {
      q.bind("bot", bot);
    }
    return q.mapTo(Long.class).one();
  }

  static List<ActionRecord> incidentActions(Handle h, long incidentId) {
    return h.createQuery("SELECT * FROM actions WHERE incident_id = :incident ORDER BY id")
        .bind("incident", incidentId)
        .map(Rows.ACTION)
        .list();
  }

  static List<Incident> openIncidents(Handle h) {
    return h.createQuery("SELECT * FROM incidents WHERE open = 1 ORDER BY id")
        .map(Rows.INCIDENT)
        .list();
  }

  static long countNotifications(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM notifications").mapTo(Long.class).one();
  }

  static Map<String, Latch> latches(Handle h) {
    Map<String, Latch> out = new LinkedHashMap<>();
    h.createQuery("SELECT * FROM emergency WHERE active = 1 ORDER BY bot")
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getString("bot"),
                    new Latch(
                        Rows.instant(rs, "since_ms"),
                        rs.getString("reason"),
                        rs.getInt("liquidated") == 1)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  static Instant watchdogLastSeen(Handle h) {
    return h.createQuery("SELECT last_ms FROM watchdog WHERE id = 1")
        .mapTo(Long.class)
        .findOne()
        .map(Instant::ofEpochMilli)
        .orElse(null);
  }

  static List<ActionRecord> heldNotices(Handle h, String bot, String channel) {
    return h.createQuery(
            "SELECT * FROM actions WHERE status = 'held' AND bot = :bot AND kind = :channel"
                + " ORDER BY id")
        .bind("bot", bot)
        .bind("channel", channel)
        .map(Rows.ACTION)
        .list();
  }

  static List<Store.NoticeKey> heldNoticeKeys(Handle h) {
    return h.createQuery(
            "SELECT DISTINCT bot, kind FROM actions WHERE status = 'held' ORDER BY bot, kind")
        .map((rs, ctx) -> new Store.NoticeKey(rs.getString("bot"), rs.getString("kind")))
        .list();
  }

  static List<NoticeSend> noticeSendsSince(Handle h, Instant since) {
    return h.createQuery(
            "SELECT bot, channel, sent_ms FROM notice_sends WHERE sent_ms >= :since ORDER BY id")
        .bind("since", since.toEpochMilli())
        .map(
            (rs, ctx) ->
                new NoticeSend(
                    rs.getString("bot"), rs.getString("channel"), Rows.instant(rs, "sent_ms")))
        .list();
  }

  static List<Recheck> rechecks(Handle h) {
    return h.createQuery("SELECT * FROM rechecks ORDER BY due_ms, incident_id")
        .map(Rows.RECHECK)
        .list();
  }
}
