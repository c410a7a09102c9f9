package dev.botwatch.responder.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.botwatch.responder.policy.Incident;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit store: one SQLite file in WAL mode holding notifications, incidents, runs (the dedupe
 * keys: UNIQUE (bot, fingerprint, starts_at, step)), actions and the emergency latch. One
 * connection, every method synchronized: SQLite serializes writers anyway, and one writer makes
 * "check the caps, then claim the run" atomic for concurrent duplicates. Blocking: call it from a
 * worker thread, never an event loop.
 */
public final class Store implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private static final String[] SCHEMA = {
    """
    CREATE TABLE IF NOT EXISTS notifications (
      id INTEGER PRIMARY KEY, received_ms INTEGER NOT NULL, group_key TEXT NOT NULL,
      status TEXT NOT NULL, receiver TEXT NOT NULL, alerts INTEGER NOT NULL)""",
    """
    CREATE TABLE IF NOT EXISTS incidents (
      id INTEGER PRIMARY KEY, bot TEXT NOT NULL, fingerprint TEXT NOT NULL,
      starts_at TEXT NOT NULL, alertname TEXT NOT NULL, playbook TEXT NOT NULL, level TEXT,
      level_ms INTEGER, open INTEGER NOT NULL DEFAULT 1, manual_notified INTEGER NOT NULL DEFAULT 0,
      labels TEXT NOT NULL, annotations TEXT NOT NULL, opened_ms INTEGER NOT NULL,
      closed_ms INTEGER, UNIQUE (bot, fingerprint, starts_at))""",
    """
    CREATE TABLE IF NOT EXISTS runs (
      id INTEGER PRIMARY KEY, incident_id INTEGER NOT NULL, bot TEXT NOT NULL,
      fingerprint TEXT NOT NULL, starts_at TEXT NOT NULL, step TEXT NOT NULL,
      kind TEXT NOT NULL, counted INTEGER NOT NULL, created_ms INTEGER NOT NULL,
      UNIQUE (bot, fingerprint, starts_at, step))""",
    """
    CREATE TABLE IF NOT EXISTS actions (
      id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, incident_id INTEGER NOT NULL,
      bot TEXT NOT NULL, playbook TEXT NOT NULL, seq INTEGER NOT NULL, step TEXT NOT NULL,
      kind TEXT NOT NULL, status TEXT NOT NULL, detail TEXT, planned_ms INTEGER NOT NULL,
      started_ms INTEGER, ended_ms INTEGER)""",
    "CREATE INDEX IF NOT EXISTS actions_bot ON actions (bot, id)",
    "CREATE INDEX IF NOT EXISTS actions_status ON actions (status)",
    "CREATE INDEX IF NOT EXISTS runs_bot ON runs (bot, created_ms)",
    """
    CREATE TABLE IF NOT EXISTS emergency (
      bot TEXT PRIMARY KEY, active INTEGER NOT NULL, since_ms INTEGER, reason TEXT,
      liquidated INTEGER NOT NULL DEFAULT 0, updated_ms INTEGER NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS watchdog (id INTEGER PRIMARY KEY CHECK (id = 1), last_ms INTEGER)",
    """
    CREATE TABLE IF NOT EXISTS notice_sends (
      id INTEGER PRIMARY KEY, bot TEXT NOT NULL, channel TEXT NOT NULL, sent_ms INTEGER NOT NULL,
      notices INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS notice_sends_at ON notice_sends (sent_ms)",
  };

  private final Connection c;

  private Store(Connection c) {
    this.c = c;
  }

  public static Store open(String path) {
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + path);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA busy_timeout=5000");
        // FULL: an acknowledged notification survives a power cut, not only a crash.
        s.execute("PRAGMA synchronous=FULL");
        for (String ddl : SCHEMA) {
          s.execute(ddl);
        }
        migrate(c);
      }
      return new Store(c);
    } catch (SQLException e) {
      throw new StoreException("cannot open the audit store " + path, e);
    }
  }

  /**
   * Columns added after the first release. {@code claimed}: before it, {@code liquidated} meant
   * "liquidation was planned"; now it means "Freqtrade or the bot confirmed it", so old rows carry
   * their meaning over to {@code claimed}.
   */
  private static void migrate(Connection c) throws SQLException {
    boolean hasClaimed = false;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(emergency)")) {
      while (rs.next()) {
        hasClaimed |= "claimed".equals(rs.getString("name"));
      }
    }
    if (!hasClaimed) {
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE emergency ADD COLUMN claimed INTEGER NOT NULL DEFAULT 0");
        s.execute("UPDATE emergency SET claimed=liquidated");
      }
    }
  }

  /** Work inside one transaction; everything or nothing is written. */
  public interface Work<T> {
    T apply(Tx tx) throws SQLException;
  }

  public synchronized <T> T transaction(Work<T> work) {
    try {
      c.setAutoCommit(false);
      try {
        T t = work.apply(new Tx());
        c.commit();
        return t;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("audit store write failed", e);
    }
  }

  /** The writes and reads of one intake transaction. */
  public final class Tx {
    private Tx() {}

    public long notification(
        Instant at, String groupKey, String status, String receiver, int alerts)
        throws SQLException {
      return insert(
          "INSERT INTO notifications (received_ms, group_key, status, receiver, alerts)"
              + " VALUES (?,?,?,?,?)",
          at.toEpochMilli(),
          groupKey,
          status,
          receiver,
          alerts);
    }

    public Incident incident(String bot, String fingerprint, String startsAt) throws SQLException {
      List<Incident> l =
          incidents(
              "SELECT * FROM incidents WHERE bot=? AND fingerprint=? AND starts_at=?",
              bot,
              fingerprint,
              startsAt);
      return l.isEmpty() ? null : l.get(0);
    }

    public long openIncident(
        String bot,
        String fingerprint,
        String startsAt,
        String alertname,
        String playbook,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant now)
        throws SQLException {
      return insert(
          "INSERT INTO incidents (bot, fingerprint, starts_at, alertname, playbook, labels,"
              + " annotations, opened_ms) VALUES (?,?,?,?,?,?,?,?)",
          bot,
          fingerprint,
          startsAt,
          alertname,
          playbook,
          json(labels),
          json(annotations),
          now.toEpochMilli());
    }

    public boolean closeIncident(long id, Instant now) throws SQLException {
      return update("UPDATE incidents SET open=0, closed_ms=? WHERE id=? AND open=1", now, id) == 1;
    }

    public void setLevel(long id, String level, Instant now) throws SQLException {
      update("UPDATE incidents SET level=?, level_ms=? WHERE id=?", level, now, id);
    }

    /** True the first time only: exactly one manual-intervention notice per incident. */
    public boolean claimManualNotice(long id) throws SQLException {
      return update("UPDATE incidents SET manual_notified=1 WHERE id=? AND manual_notified=0", id)
          == 1;
    }

    /**
     * Claims the dedupe key (bot, fingerprint, startsAt, step); -1 if it was claimed before, by a
     * repeat, an HA duplicate or a run before a restart.
     */
    public long claimRun(
        long incidentId,
        String bot,
        String fingerprint,
        String startsAt,
        String step,
        String kind,
        boolean counted,
        Instant now)
        throws SQLException {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT OR IGNORE INTO runs (incident_id, bot, fingerprint, starts_at, step, kind,"
                  + " counted, created_ms) VALUES (?,?,?,?,?,?,?,?)",
              Statement.RETURN_GENERATED_KEYS)) {
        bind(
            ps,
            incidentId,
            bot,
            fingerprint,
            startsAt,
            step,
            kind,
            counted ? 1 : 0,
            now.toEpochMilli());
        if (ps.executeUpdate() == 0) {
          return -1;
        }
        try (ResultSet rs = ps.getGeneratedKeys()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }

    public long planAction(
        long runId,
        long incidentId,
        String bot,
        String playbook,
        int seq,
        String step,
        String kind,
        String status,
        String detail,
        Instant now)
        throws SQLException {
      boolean done = !"planned".equals(status);
      return insert(
          "INSERT INTO actions (run_id, incident_id, bot, playbook, seq, step, kind, status,"
              + " detail, planned_ms, started_ms, ended_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
          runId,
          incidentId,
          bot,
          playbook,
          seq,
          step,
          kind,
          status,
          detail,
          now.toEpochMilli(),
          done ? now.toEpochMilli() : null,
          done ? now.toEpochMilli() : null);
    }

    public int countedRunsSince(String bot, Instant since) throws SQLException {
      return (int)
          single(
              "SELECT COUNT(*) FROM runs WHERE bot=? AND counted=1 AND created_ms>=?",
              bot,
              since.toEpochMilli());
    }

    public int runsOfSince(String bot, Set<String> steps, Instant since) throws SQLException {
      int n = 0;
      for (String s : steps) {
        n +=
            (int)
                single(
                    "SELECT COUNT(*) FROM runs WHERE bot=? AND counted=1 AND step=?"
                        + " AND created_ms>=?",
                    bot,
                    s,
                    since.toEpochMilli());
      }
      return n;
    }

    public Instant lastCountedRun(String bot) throws SQLException {
      long ms =
          single("SELECT COALESCE(MAX(created_ms), -1) FROM runs WHERE bot=? AND counted=1", bot);
      return ms < 0 ? null : Instant.ofEpochMilli(ms);
    }

    public boolean latched(String bot) throws SQLException {
      return single("SELECT COUNT(*) FROM emergency WHERE bot=? AND active=1", bot) > 0;
    }

    public boolean killSwitch(String bot, String alertname) throws SQLException {
      return single(
              "SELECT COUNT(*) FROM incidents WHERE bot=? AND alertname=? AND open=1",
              bot,
              alertname)
          > 0;
    }

    /** Turns the latch on; false if it already was (the reason and time are kept). */
    public boolean latch(String bot, String reason, Instant now) throws SQLException {
      if (latched(bot)) {
        return false;
      }
      update(
          "INSERT INTO emergency (bot, active, since_ms, reason, liquidated, claimed, updated_ms)"
              + " VALUES (?,1,?,?,0,0,?) ON CONFLICT(bot) DO UPDATE SET active=1,"
              + " since_ms=excluded.since_ms, reason=excluded.reason, liquidated=0, claimed=0,"
              + " updated_ms=excluded.updated_ms",
          bot,
          now,
          reason,
          now);
      return true;
    }

    /** True the first time in a latch: liquidation happens at most once per emergency. */
    public boolean claimLiquidation(String bot, Instant now) throws SQLException {
      return update(
              "UPDATE emergency SET claimed=1, updated_ms=? WHERE bot=? AND active=1"
                  + " AND claimed=0",
              now,
              bot)
          == 1;
    }

    public void watchdogSeen(Instant at) throws SQLException {
      update(
          "INSERT INTO watchdog (id, last_ms) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET"
              + " last_ms=MAX(last_ms, excluded.last_ms)",
          at);
    }
  }

  // ---- outside the intake transaction -------------------------------------------------------

  public synchronized void started(long actionId, Instant now) {
    run(
        () ->
            update("UPDATE actions SET status='running', started_ms=? WHERE id=?", now, actionId));
  }

  public synchronized void finished(long actionId, String status, String detail, Instant now) {
    run(
        () ->
            update(
                "UPDATE actions SET status=?, detail=?, ended_ms=? WHERE id=?",
                status,
                detail,
                now,
                actionId));
  }

  public synchronized List<ActionRecord> runActions(long runId) {
    return call(() -> actionRows("SELECT * FROM actions WHERE run_id=? ORDER BY seq, id", runId));
  }

  /** The audit trail, newest first; {@code bot} null for all bots. */
  public synchronized List<ActionRecord> actions(String bot, int limit, int offset) {
    return call(
        () ->
            bot == null
                ? actionRows(
                    "SELECT * FROM actions ORDER BY id DESC LIMIT ? OFFSET ?", limit, offset)
                : actionRows(
                    "SELECT * FROM actions WHERE bot=? ORDER BY id DESC LIMIT ? OFFSET ?",
                    bot,
                    limit,
                    offset));
  }

  public synchronized long countActions(String bot) {
    return call(
        () ->
            bot == null
                ? single("SELECT COUNT(*) FROM actions")
                : single("SELECT COUNT(*) FROM actions WHERE bot=?", bot));
  }

  public synchronized List<ActionRecord> incidentActions(long incidentId) {
    return call(
        () -> actionRows("SELECT * FROM actions WHERE incident_id=? ORDER BY id", incidentId));
  }

  public synchronized Incident incident(long id) {
    return call(
        () -> {
          List<Incident> l = incidents("SELECT * FROM incidents WHERE id=?", id);
          return l.isEmpty() ? null : l.get(0);
        });
  }

  public synchronized List<Incident> openIncidents() {
    return call(() -> incidents("SELECT * FROM incidents WHERE open=1 ORDER BY id"));
  }

  public synchronized long countNotifications() {
    return call(() -> single("SELECT COUNT(*) FROM notifications"));
  }

  /** Bots whose emergency latch is on, with since and reason. */
  public synchronized Map<String, Latch> latches() {
    return call(
        () -> {
          Map<String, Latch> out = new LinkedHashMap<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT * FROM emergency WHERE active=1 ORDER BY bot");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(
                  rs.getString("bot"),
                  new Latch(
                      Instant.ofEpochMilli(rs.getLong("since_ms")),
                      rs.getString("reason"),
                      rs.getInt("liquidated") == 1));
            }
          }
          return out;
        });
  }

  /**
   * One bot's latch: since when, why, and whether its positions were liquidated (confirmed: the
   * step succeeded, and for Freqtrade {@code /status} showed no open trade afterwards).
   */
  public record Latch(Instant since, String reason, boolean liquidated) {}

  /** The liquidation of this latch was confirmed. */
  public synchronized void liquidated(String bot, Instant now) {
    run(
        () ->
            update(
                "UPDATE emergency SET liquidated=1, updated_ms=? WHERE bot=? AND active=1",
                now,
                bot));
  }

  public synchronized boolean unlatch(String bot, Instant now) {
    return call(
        () ->
            update("UPDATE emergency SET active=0, updated_ms=? WHERE bot=? AND active=1", now, bot)
                == 1);
  }

  public synchronized Instant watchdogLastSeen() {
    return call(
        () -> {
          long ms = single("SELECT COALESCE(MAX(last_ms), -1) FROM watchdog");
          return ms < 0 ? null : Instant.ofEpochMilli(ms);
        });
  }

  /**
   * At start: an action left running died with the process. It is marked interrupted and not
   * repeated (it may have half-happened), except an emergency step named in {@code rerun}
   * (idempotent: stop entries, cancel orders, emergency mode, stop): it gets a new planned row so
   * the emergency still finishes. Returns the runs that have planned steps, emergency stops first,
   * so the caller continues them.
   */
  public synchronized Recovery recoverAtStart(Instant now, Set<String> rerun) {
    return transaction(
        tx -> {
          List<ActionRecord> interrupted =
              actionRows("SELECT * FROM actions WHERE status='running' ORDER BY id");
          List<ActionRecord> again = new ArrayList<>();
          for (ActionRecord a : interrupted) {
            boolean emergency = "emergency".equals(kindOf(a.runId()));
            boolean repeat = emergency && rerun.contains(a.step());
            update(
                "UPDATE actions SET status='interrupted', ended_ms=?, detail=? WHERE id=?",
                now,
                (a.detail() == null ? "" : a.detail() + "; ")
                    + "the responder stopped during this action; "
                    + (repeat ? "it runs again (it is safe to repeat)" : "not repeated"),
                a.id());
            if (repeat) {
              tx.planAction(
                  a.runId(),
                  a.incidentId(),
                  a.bot(),
                  a.playbook(),
                  a.seq(),
                  a.step(),
                  a.kind(),
                  "planned",
                  "again after a restart: the previous attempt was interrupted",
                  now);
              again.add(a);
            }
          }
          List<Long> runs = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT DISTINCT a.run_id, r.kind FROM actions a JOIN runs r ON r.id=a.run_id"
                          + " WHERE a.status='planned' ORDER BY (r.kind='emergency') DESC, a.run_id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              runs.add(rs.getLong(1));
            }
          }
          return new Recovery(runs, interrupted, again);
        });
  }

  private String kindOf(long runId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM runs WHERE id=?")) {
      bind(ps, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * What a start found: runs to continue, the actions it marked interrupted, and those of them
   * planned again.
   */
  public record Recovery(
      List<Long> runs, List<ActionRecord> interrupted, List<ActionRecord> again) {}

  // ---- notices held for a per-bot digest ----------------------------------------------------

  /** Notices of {@code bot} waiting for the next message on {@code channel}, oldest first. */
  public synchronized List<ActionRecord> heldNotices(String bot, String channel) {
    return call(
        () ->
            actionRows(
                "SELECT * FROM actions WHERE status='held' AND bot=? AND kind=? ORDER BY id",
                bot,
                channel));
  }

  /** (bot, channel) pairs with held notices, for the start to schedule their digests. */
  public synchronized List<String[]> heldNoticeKeys() {
    return call(
        () -> {
          List<String[]> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT DISTINCT bot, kind FROM actions WHERE status='held' ORDER BY bot");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
          }
          return out;
        });
  }

  /** Marks a notice row held (its detail, the reason, stays for the digest to read). */
  public synchronized void held(long actionId, Instant now) {
    run(() -> update("UPDATE actions SET status='held', started_ms=? WHERE id=?", now, actionId));
  }

  /** One message went to people: counts against {@code notify.max_per_hour}. */
  public synchronized void noticeSent(String bot, String channel, int notices, Instant at) {
    run(
        () ->
            insert(
                "INSERT INTO notice_sends (bot, channel, sent_ms, notices) VALUES (?,?,?,?)",
                bot,
                channel,
                at,
                notices));
  }

  /** Messages sent since {@code since}: bot, channel and when, oldest first. */
  public synchronized List<NoticeSend> noticeSendsSince(Instant since) {
    return call(
        () -> {
          List<NoticeSend> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT bot, channel, sent_ms FROM notice_sends WHERE sent_ms>=? ORDER BY id")) {
            bind(ps, since);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new NoticeSend(
                        rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
              }
            }
          }
          return out;
        });
  }

  /** One message sent to people. */
  public record NoticeSend(String bot, String channel, Instant at) {}

  public synchronized String runKind(long runId) {
    return call(
        () -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM runs WHERE id=?")) {
            bind(ps, runId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getString(1) : null;
            }
          }
        });
  }

  @Override
  public synchronized void close() {
    try {
      c.close();
    } catch (SQLException e) {
      throw new StoreException("closing the audit store failed", e);
    }
  }

  // ---- plumbing --------------------------------------------------------------------------

  private interface Sql<T> {
    T get() throws SQLException;
  }

  private interface SqlRun {
    Object run() throws SQLException;
  }

  private <T> T call(Sql<T> s) {
    try {
      return s.get();
    } catch (SQLException e) {
      throw new StoreException("audit store access failed", e);
    }
  }

  private void run(SqlRun r) {
    try {
      r.run();
    } catch (SQLException e) {
      throw new StoreException("audit store write failed", e);
    }
  }

  private long insert(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      bind(ps, args);
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private int update(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  private long single(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof Instant t) {
        ps.setLong(i + 1, t.toEpochMilli());
      } else {
        ps.setObject(i + 1, a);
      }
    }
  }

  private List<ActionRecord> actionRows(String sql, Object... args) throws SQLException {
    List<ActionRecord> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ActionRecord(
                  rs.getLong("id"),
                  rs.getLong("run_id"),
                  rs.getLong("incident_id"),
                  rs.getString("bot"),
                  rs.getString("playbook"),
                  rs.getInt("seq"),
                  rs.getString("step"),
                  rs.getString("kind"),
                  rs.getString("status"),
                  rs.getString("detail"),
                  instant(rs, "planned_ms"),
                  instant(rs, "started_ms"),
                  instant(rs, "ended_ms")));
        }
      }
    }
    return out;
  }

  private List<Incident> incidents(String sql, Object... args) throws SQLException {
    List<Incident> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
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
                  rs.getInt("manual_notified") == 1,
                  map(rs.getString("labels")),
                  map(rs.getString("annotations"))));
        }
      }
    }
    return out;
  }

  private static Instant instant(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static String json(Map<String, String> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> map(String s) {
    try {
      return s == null ? Map.of() : JSON.readValue(s, MAP);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
