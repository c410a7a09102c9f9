package dev.botwatch.responder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.botwatch.responder.config.Playbooks;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.RunKey;
import dev.botwatch.responder.model.RunKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written before the schema had versions (the tables exactly as that release created them,
 * with rows in them) opens, keeps its rows, and works: the latch, the liquidation claim, the dedupe
 * keys, the audit trail, a restart's recovery.
 */
class SchemaMigrationTest {
  static final Instant T = Instant.parse("2026-11-22T09:00:00Z");

  /** The DDL of the release before versioned schemas, as it ran at every start. */
  static final String[] UNVERSIONED =
      """
      CREATE TABLE IF NOT EXISTS notifications (id INTEGER PRIMARY KEY, received_ms INTEGER NOT NULL,
        group_key TEXT NOT NULL, status TEXT NOT NULL, receiver TEXT NOT NULL, alerts INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS incidents (id INTEGER PRIMARY KEY, bot TEXT NOT NULL,
        fingerprint TEXT NOT NULL, starts_at TEXT NOT NULL, alertname TEXT NOT NULL,
        playbook TEXT NOT NULL, level TEXT, level_ms INTEGER, open INTEGER NOT NULL DEFAULT 1,
        manual_notified INTEGER NOT NULL DEFAULT 0, labels TEXT NOT NULL, annotations TEXT NOT NULL,
        opened_ms INTEGER NOT NULL, closed_ms INTEGER, UNIQUE (bot, fingerprint, starts_at));
      CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, incident_id INTEGER NOT NULL,
        bot TEXT NOT NULL, fingerprint TEXT NOT NULL, starts_at TEXT NOT NULL, step TEXT NOT NULL,
        kind TEXT NOT NULL, counted INTEGER NOT NULL, created_ms INTEGER NOT NULL,
        UNIQUE (bot, fingerprint, starts_at, step));
      CREATE TABLE IF NOT EXISTS actions (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL,
        incident_id INTEGER NOT NULL, bot TEXT NOT NULL, playbook TEXT NOT NULL, seq INTEGER NOT NULL,
        step TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, detail TEXT,
        planned_ms INTEGER NOT NULL, started_ms INTEGER, ended_ms INTEGER);
      CREATE INDEX IF NOT EXISTS actions_bot ON actions (bot, id);
      CREATE INDEX IF NOT EXISTS actions_status ON actions (status);
      CREATE INDEX IF NOT EXISTS runs_bot ON runs (bot, created_ms);
      CREATE TABLE IF NOT EXISTS emergency (bot TEXT PRIMARY KEY, active INTEGER NOT NULL,
        since_ms INTEGER, reason TEXT, liquidated INTEGER NOT NULL DEFAULT 0,
        updated_ms INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS watchdog (id INTEGER PRIMARY KEY CHECK (id = 1), last_ms INTEGER);
      CREATE TABLE IF NOT EXISTS notice_sends (id INTEGER PRIMARY KEY, bot TEXT NOT NULL,
        channel TEXT NOT NULL, sent_ms INTEGER NOT NULL, notices INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS notice_sends_at ON notice_sends (sent_ms)
      """
          .split(";");

  /** What that release added at start when the column was missing. */
  static final String CLAIMED =
      "ALTER TABLE emergency ADD COLUMN claimed INTEGER NOT NULL DEFAULT 0";

  @TempDir Path dir;

  Path old(boolean withClaimed, String... rows) throws SQLException {
    Path db = dir.resolve("old.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (String ddl : UNVERSIONED) {
        s.execute(ddl);
      }
      if (withClaimed) {
        s.execute(CLAIMED);
      }
      for (String r : rows) {
        s.execute(r);
      }
    }
    return db;
  }

  static final String[] TRAIL = {
    "INSERT INTO notifications VALUES (1, 1000, '{}:{bot=\"p\"}', 'firing', 'responder', 1)",
    "INSERT INTO incidents VALUES (1, 'p', 'fp1', '2026-11-22T08:00:00Z', 'BotDown', 'soft', 'soft',"
        + " 1000, 1, 1, '{\"bot\":\"p\",\"alertname\":\"BotDown\"}', '{\"summary\":\"down\"}', 1000,"
        + " NULL)",
    "INSERT INTO runs VALUES (1, 1, 'p', 'fp1', '2026-11-22T08:00:00Z', 'soft', 'recovery', 1, 1000)",
    "INSERT INTO runs VALUES (2, 1, 'p', 'fp1', '2026-11-22T08:00:00Z', 'emergency_stop',"
        + " 'emergency', 0, 2000)",
    "INSERT INTO actions VALUES (1, 1, 1, 'p', 'soft', 0, 'reset-connections', 'http', 'success',"
        + " 'POST /control/reset-connections -> 200', 1000, 1001, 1002)",
    "INSERT INTO actions VALUES (2, 2, 1, 'p', 'emergency_stop', 0, 'stop-trading', 'http',"
        + " 'running', NULL, 2000, 2001, NULL)",
    "INSERT INTO actions VALUES (3, 2, 1, 'p', 'emergency_stop', 1, 'cancel-orders', 'http',"
        + " 'planned', NULL, 2000, NULL, NULL)",
    "INSERT INTO actions VALUES (4, 0, 0, 'p', 'notify', 0, 'manual-intervention', 'email', 'held',"
        + " 'max_actions_per_hour (5) reached', 3000, 3001, NULL)",
    "INSERT INTO watchdog VALUES (1, 5000)",
    "INSERT INTO notice_sends VALUES (1, 'p', 'email', 4000, 1)",
  };

  @Test
  void aStoreOfTheUnversionedReleaseKeepsItsRowsAndWorks() throws Exception {
    Path db =
        old(
            true,
            concat(
                TRAIL, "INSERT INTO emergency VALUES ('p', 1, 2000, 'alert BotDown', 0, 2000, 1)"));
    try (Store s = SqlStore.sqlite(db.toString())) {
      assertThat(s.countNotifications()).isEqualTo(1);
      Incident inc = s.incident(1);
      assertThat(inc.labels()).containsEntry("alertname", "BotDown");
      assertThat(inc.annotations()).containsEntry("summary", "down");
      assertThat(inc.level()).isEqualTo("soft");
      assertThat(s.openIncidents()).extracting(Incident::id).containsExactly(1L);
      assertThat(s.latches().get("p").reason()).isEqualTo("alert BotDown");
      assertThat(s.watchdogLastSeen()).isEqualTo(Instant.ofEpochMilli(5000));
      assertThat(s.heldNotices("p", "email")).extracting(ActionRecord::id).containsExactly(4L);
      assertThat(s.noticeSendsSince(Instant.EPOCH)).hasSize(1);
      // The dedupe key and the claim of that latch still hold.
      assertThat(
              s.<Long>write(
                  tx ->
                      tx.claimRun(
                          new RunKey("p", "fp1", "2026-11-22T08:00:00Z", "soft"),
                          1,
                          RunKind.RECOVERY,
                          true,
                          T)))
          .isEqualTo(-1);
      assertThat(s.<Boolean>write(tx -> tx.claimLiquidation("p", T))).isFalse();
      // A restart's recovery: the running emergency step runs again, the planned one follows.
      Store.Recovery r = s.recoverAtStart(T, Playbooks.IDEMPOTENT_EMERGENCY);
      assertThat(r.runs()).containsExactly(2L);
      assertThat(s.runActions(2))
          .extracting(ActionRecord::step, ActionRecord::status)
          .containsExactly(
              tuple("stop-trading", ActionStatus.INTERRUPTED),
              tuple("stop-trading", ActionStatus.PLANNED),
              tuple("cancel-orders", ActionStatus.PLANNED));
      // New rows go on from the old ids.
      assertThat(s.actions("p", 1, 0).get(0).id()).isEqualTo(5);
      s.write(
          tx -> {
            tx.watchdogSeen(T);
            return null;
          });
      assertThat(s.watchdogLastSeen()).isEqualTo(T);
    }
    assertThat(columns(db, "incidents")).doesNotContain("manual_notified");
    assertThat(columns(db, "actions")).contains("owner");
    assertThat(versions(db)).containsExactly("0", "1", "2", "3", "4", "5");
  }

  @Test
  void aStoreOfTheFirstReleaseKeepsItsLiquidationClaim() throws Exception {
    // Before the claimed column, liquidated meant "liquidation was planned in this latch".
    Path db = old(false, "INSERT INTO emergency VALUES ('b', 1, 0, 'x', 1, 0)");
    try (Store s = SqlStore.sqlite(db.toString())) {
      assertThat(s.<Boolean>write(tx -> tx.claimLiquidation("b", T))).isFalse();
      assertThat(s.latches().get("b").liquidated()).isTrue();
    }
  }

  @Test
  void aNewStoreHasEveryVersionAndReopensWithoutChange() throws Exception {
    Path db = dir.resolve("new.db");
    SqlStore.sqlite(db.toString()).close();
    assertThat(versions(db)).containsExactly("1", "2", "3", "4", "5");
    SqlStore.sqlite(db.toString()).close();
    assertThat(versions(db)).containsExactly("1", "2", "3", "4", "5");
  }

  @Test
  void aStoreOfANewerReleaseIsRefusedNotWritten() throws Exception {
    Path db = dir.resolve("newer.db");
    SqlStore.sqlite(db.toString()).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " installed_by, execution_time, success) VALUES (99, '99', 'from the future',"
              + " 'SQL', 'V99__future.sql', 'x', 0, 1)");
    }
    assertThatThrownBy(() -> SqlStore.sqlite(db.toString()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema");
  }

  @Test
  void latestIsTheNewestMigration() throws Exception {
    int newest;
    try (var files = java.nio.file.Files.list(Path.of("src/main/resources/db/migration/sqlite"))) {
      newest =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.matches("V\\d+__.*\\.sql"))
              .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
              .max()
              .orElseThrow();
    }
    // V2 is a Java migration; the SQL ones must reach LATEST, or a start would skip them.
    assertThat(Schema.LATEST).isEqualTo(Math.max(newest, 2));
  }

  static String[] concat(String[] a, String b) {
    List<String> l = new ArrayList<>(List.of(a));
    l.add(b);
    return l.toArray(String[]::new);
  }

  static List<String> columns(Path db, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
      while (rs.next()) {
        out.add(rs.getString("COLUMN_NAME"));
      }
    }
    return out;
  }

  static List<String> versions(Path db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success = 1"
                    + " ORDER BY installed_rank")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
