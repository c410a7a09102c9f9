package dev.botwatch.responder.store;

import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.NewAction;
import dev.botwatch.responder.model.NewIncident;
import dev.botwatch.responder.model.Recheck;
import dev.botwatch.responder.model.RunKey;
import dev.botwatch.responder.model.RunKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * {@link Tx} in SQL that SQLite and PostgreSQL both run as written: {@code ON CONFLICT}, {@code
 * RETURNING}, {@code COALESCE}, {@code LIMIT/OFFSET}; no {@code INSERT OR IGNORE}, no two-argument
 * {@code MAX}. Only the DDL differs per database (Flyway's migration folders).
 */
final class SqlTx implements Tx {
  private final Handle h;
  private final SqlStore.Dialect dialect;
  private final String owner;
  private final List<Runnable> afterCommit = new ArrayList<>();

  SqlTx(Handle h, SqlStore.Dialect dialect, String owner) {
    this.h = h;
    this.dialect = dialect;
    this.owner = owner;
  }

  @Override
  public void lockBot(String bot) {
    if (dialect == SqlStore.Dialect.SQLITE) {
      return; // one process per file, and SQLite has one writer: planning is already serial
    }
    h.createUpdate("INSERT INTO bot_locks (bot) VALUES (:bot) ON CONFLICT (bot) DO NOTHING")
        .bind("bot", bot)
        .execute();
    h.createQuery("SELECT bot FROM bot_locks WHERE bot = :bot FOR UPDATE")
        .bind("bot", bot)
        .mapTo(String.class)
        .one();
  }

  @Override
  public void afterCommit(Runnable r) {
    afterCommit.add(r);
  }

  /** The hand-offs the unit that just ran registered, and none for the next unit. */
  List<Runnable> takeAfterCommit() {
    List<Runnable> out = List.copyOf(afterCommit);
    afterCommit.clear();
    return out;
  }

  /** For the store's own multi-statement units (recovery). */
  Handle handle() {
    return h;
  }

  String owner() {
    return owner;
  }

  @Override
  public void notification(
      Instant at, String groupKey, String status, String receiver, int alerts) {
    h.createUpdate(
            "INSERT INTO notifications (received_ms, group_key, status, receiver, alerts)"
                + " VALUES (:at, :groupKey, :status, :receiver, :alerts)")
        .bind("at", at.toEpochMilli())
        .bind("groupKey", groupKey)
        .bind("status", status)
        .bind("receiver", receiver)
        .bind("alerts", alerts)
        .execute();
  }

  @Override
  public Incident incident(String bot, String fingerprint, String startsAt) {
    return h.createQuery(
            "SELECT * FROM incidents WHERE bot = :bot AND fingerprint = :fp AND starts_at = :at")
        .bind("bot", bot)
        .bind("fp", fingerprint)
        .bind("at", startsAt)
        .map(Rows.INCIDENT)
        .findOne()
        .orElse(null);
  }

  @Override
  public Incident incident(long id) {
    return SqlReads.incident(h, id);
  }

  @Override
  public long openIncident(NewIncident i, Instant now) {
    return h.createQuery(
            "INSERT INTO incidents (bot, fingerprint, starts_at, alertname, playbook, labels,"
                + " annotations, opened_ms) VALUES (:bot, :fp, :at, :alertname, :playbook,"
                + " :labels, :annotations, :now) RETURNING id")
        .bind("bot", i.bot())
        .bind("fp", i.fingerprint())
        .bind("at", i.startsAt())
        .bind("alertname", i.alertname())
        .bind("playbook", i.playbook())
        .bind("labels", Rows.json(i.labels()))
        .bind("annotations", Rows.json(i.annotations()))
        .bind("now", now.toEpochMilli())
        .mapTo(Long.class)
        .one();
  }

  @Override
  public boolean closeIncident(long id, Instant now) {
    return h.createUpdate(
                "UPDATE incidents SET open = 0, closed_ms = :now WHERE id = :id AND open = 1")
            .bind("now", now.toEpochMilli())
            .bind("id", id)
            .execute()
        == 1;
  }

  @Override
  public void setLevel(long id, String level, Instant now) {
    h.createUpdate("UPDATE incidents SET level = :level, level_ms = :now WHERE id = :id")
        .bind("level", level)
        .bind("now", now.toEpochMilli())
        .bind("id", id)
        .execute();
  }

  @Override
  public long claimRun(RunKey key, long incidentId, RunKind kind, boolean counted, Instant now) {
    return h.createQuery(
            "INSERT INTO runs (incident_id, bot, fingerprint, starts_at, step, kind, counted,"
                + " created_ms, owner) VALUES (:incident, :bot, :fp, :at, :step, :kind, :counted,"
                + " :now, :owner)"
                + " ON CONFLICT (bot, fingerprint, starts_at, step) DO NOTHING RETURNING id")
        .bind("incident", incidentId)
        .bind("bot", key.bot())
        .bind("fp", key.fingerprint())
        .bind("at", key.startsAt())
        .bind("step", key.step())
        .bind("kind", kind.id())
        .bind("counted", counted ? 1 : 0)
        .bind("now", now.toEpochMilli())
        .bind("owner", owner)
        .mapTo(Long.class)
        .findOne()
        .orElse(-1L);
  }

  @Override
  public long planAction(NewAction a, Instant now) {
    Long done = a.status() == ActionStatus.PLANNED ? null : now.toEpochMilli();
    return h.createQuery(
            "INSERT INTO actions (run_id, incident_id, bot, playbook, seq, step, kind, status,"
                + " detail, planned_ms, started_ms, ended_ms) VALUES (:run, :incident, :bot,"
                + " :playbook, :seq, :step, :kind, :status, :detail, :now, :done, :done)"
                + " RETURNING id")
        .bind("run", a.runId())
        .bind("incident", a.incidentId())
        .bind("bot", a.bot())
        .bind("playbook", a.playbook())
        .bind("seq", a.seq())
        .bind("step", a.step())
        .bind("kind", a.kind())
        .bind("status", a.status().id())
        .bind("detail", a.detail())
        .bind("now", now.toEpochMilli())
        .bind("done", done)
        .mapTo(Long.class)
        .one();
  }

  @Override
  public int countedRunsSince(String bot, Instant since) {
    return h.createQuery(
            "SELECT COUNT(*) FROM runs WHERE bot = :bot AND counted = 1 AND created_ms >= :since")
        .bind("bot", bot)
        .bind("since", since.toEpochMilli())
        .mapTo(Integer.class)
        .one();
  }

  @Override
  public int countedRunsOfSince(String bot, Set<String> steps, Instant since) {
    if (steps.isEmpty()) {
      return 0;
    }
    return h.createQuery(
            "SELECT COUNT(*) FROM runs WHERE bot = :bot AND counted = 1 AND step IN (<steps>)"
                + " AND created_ms >= :since")
        .bind("bot", bot)
        .bindList("steps", List.copyOf(steps))
        .bind("since", since.toEpochMilli())
        .mapTo(Integer.class)
        .one();
  }

  @Override
  public Instant lastCountedRun(String bot) {
    long ms =
        h.createQuery(
                "SELECT COALESCE(MAX(created_ms), -1) FROM runs WHERE bot = :bot AND counted = 1")
            .bind("bot", bot)
            .mapTo(Long.class)
            .one();
    return ms < 0 ? null : Instant.ofEpochMilli(ms);
  }

  @Override
  public boolean latched(String bot) {
    return h.createQuery("SELECT COUNT(*) FROM emergency WHERE bot = :bot AND active = 1")
            .bind("bot", bot)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  @Override
  public boolean hasOpenIncident(String bot, String alertname) {
    return h.createQuery(
                "SELECT COUNT(*) FROM incidents WHERE bot = :bot AND alertname = :name"
                    + " AND open = 1")
            .bind("bot", bot)
            .bind("name", alertname)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  @Override
  public boolean latch(String bot, String reason, Instant now) {
    if (latched(bot)) {
      return false;
    }
    h.createUpdate(
            "INSERT INTO emergency (bot, active, since_ms, reason, liquidated, claimed, updated_ms)"
                + " VALUES (:bot, 1, :now, :reason, 0, 0, :now) ON CONFLICT (bot) DO UPDATE SET"
                + " active = 1, since_ms = excluded.since_ms, reason = excluded.reason,"
                + " liquidated = 0, claimed = 0, updated_ms = excluded.updated_ms")
        .bind("bot", bot)
        .bind("now", now.toEpochMilli())
        .bind("reason", reason)
        .execute();
    return true;
  }

  @Override
  public boolean claimLiquidation(String bot, Instant now) {
    return h.createUpdate(
                "UPDATE emergency SET claimed = 1, updated_ms = :now WHERE bot = :bot"
                    + " AND active = 1 AND claimed = 0")
            .bind("now", now.toEpochMilli())
            .bind("bot", bot)
            .execute()
        == 1;
  }

  @Override
  public void liquidated(String bot, Instant now) {
    h.createUpdate(
            "UPDATE emergency SET liquidated = 1, updated_ms = :now WHERE bot = :bot"
                + " AND active = 1")
        .bind("now", now.toEpochMilli())
        .bind("bot", bot)
        .execute();
  }

  @Override
  public boolean unlatch(String bot, Instant now) {
    return h.createUpdate(
                "UPDATE emergency SET active = 0, updated_ms = :now WHERE bot = :bot"
                    + " AND active = 1")
            .bind("now", now.toEpochMilli())
            .bind("bot", bot)
            .execute()
        == 1;
  }

  @Override
  public void watchdogSeen(Instant at) {
    // The row exists from the schema on; only a later time moves it.
    h.createUpdate(
            "UPDATE watchdog SET last_ms = :at WHERE id = 1 AND (last_ms IS NULL OR last_ms < :at)")
        .bind("at", at.toEpochMilli())
        .execute();
  }

  @Override
  public boolean claimAction(long actionId, String owner, Instant now) {
    return h.createUpdate(
                "UPDATE actions SET status = 'running', owner = :owner, started_ms = :now"
                    + " WHERE id = :id AND status = 'planned'")
            .bind("owner", owner)
            .bind("now", now.toEpochMilli())
            .bind("id", actionId)
            .execute()
        == 1;
  }

  @Override
  public void finishAction(long actionId, ActionStatus status, String detail, Instant now) {
    h.createUpdate(
            "UPDATE actions SET status = :status, detail = :detail, ended_ms = :now"
                + " WHERE id = :id")
        .bind("status", status.id())
        .bind("detail", detail)
        .bind("now", now.toEpochMilli())
        .bind("id", actionId)
        .execute();
  }

  @Override
  public void holdAction(long actionId, Instant now) {
    h.createUpdate("UPDATE actions SET status = 'held', started_ms = :now WHERE id = :id")
        .bind("now", now.toEpochMilli())
        .bind("id", actionId)
        .execute();
  }

  @Override
  public void noticeSent(String bot, String channel, int notices, Instant at) {
    h.createUpdate(
            "INSERT INTO notice_sends (bot, channel, sent_ms, notices)"
                + " VALUES (:bot, :channel, :at, :notices)")
        .bind("bot", bot)
        .bind("channel", channel)
        .bind("at", at.toEpochMilli())
        .bind("notices", notices)
        .execute();
  }

  @Override
  public boolean addRecheck(Recheck r) {
    return h.createUpdate(
                "INSERT INTO rechecks (incident_id, bot, due_ms) VALUES (:incident, :bot, :due)"
                    + " ON CONFLICT (incident_id) DO NOTHING")
            .bind("incident", r.incidentId())
            .bind("bot", r.bot())
            .bind("due", r.due().toEpochMilli())
            .execute()
        == 1;
  }

  @Override
  public void moveRecheck(long incidentId, Instant due) {
    h.createUpdate("UPDATE rechecks SET due_ms = :due WHERE incident_id = :incident")
        .bind("due", due.toEpochMilli())
        .bind("incident", incidentId)
        .execute();
  }

  @Override
  public void dropRecheck(long incidentId) {
    h.createUpdate("DELETE FROM rechecks WHERE incident_id = :incident")
        .bind("incident", incidentId)
        .execute();
  }

  @Override
  public List<Recheck> dueRechecks(String bot, Instant now) {
    return h.createQuery(
            "SELECT * FROM rechecks WHERE bot = :bot AND due_ms <= :now"
                + " ORDER BY due_ms, incident_id")
        .bind("bot", bot)
        .bind("now", now.toEpochMilli())
        .map(Rows.RECHECK)
        .list();
  }

  @Override
  public Recheck nextRecheck(String bot) {
    return h.createQuery(
            "SELECT * FROM rechecks WHERE bot = :bot ORDER BY due_ms, incident_id LIMIT 1")
        .bind("bot", bot)
        .map(Rows.RECHECK)
        .findOne()
        .orElse(null);
  }

  @Override
  public boolean claimed(RunKey key) {
    return h.createQuery(
                "SELECT COUNT(*) FROM runs WHERE bot = :bot AND fingerprint = :fp"
                    + " AND starts_at = :at AND step = :step")
            .bind("bot", key.bot())
            .bind("fp", key.fingerprint())
            .bind("at", key.startsAt())
            .bind("step", key.step())
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  @Override
  public List<Incident> episodeCandidates(
      String bot, String alertname, String fingerprint, Instant since, int limit) {
    return h.createQuery(
            "SELECT * FROM incidents WHERE bot = :bot AND alertname = :name"
                + " AND fingerprint <> :fp AND (open = 1 OR closed_ms >= :since)"
                + " ORDER BY id DESC LIMIT :limit")
        .bind("bot", bot)
        .bind("name", alertname)
        .bind("fp", fingerprint)
        .bind("since", since.toEpochMilli())
        .bind("limit", limit)
        .map(Rows.INCIDENT)
        .list();
  }

  @Override
  public boolean reopenIncident(long id) {
    return h.createUpdate(
                "UPDATE incidents SET open = 1, closed_ms = NULL WHERE id = :id AND open = 0")
            .bind("id", id)
            .execute()
        == 1;
  }
}
