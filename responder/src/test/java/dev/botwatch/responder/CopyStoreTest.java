package dev.botwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.NewAction;
import dev.botwatch.responder.model.NewIncident;
import dev.botwatch.responder.model.Recheck;
import dev.botwatch.responder.model.RunKey;
import dev.botwatch.responder.model.RunKind;
import dev.botwatch.responder.store.Backend;
import dev.botwatch.responder.store.SqlStore;
import dev.botwatch.responder.store.StoreCopy;
import dev.botwatch.responder.store.StoreException;
import dev.botwatch.responder.store.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy-store}: an SQLite audit trail moves into PostgreSQL row for row, ids and all, and the
 * copy works as the store it was: its dedupe keys still refuse a repeat, its latch holds, new rows
 * continue after the copied ids. A target that already has a trail is refused.
 */
class CopyStoreTest {
  static final Instant T = Instant.parse("2026-11-22T09:00:00Z");
  @TempDir Path dir;

  /** A trail with something in every table, written through the store as the responder does. */
  void fill(SqlStore s) {
    s.write(
        tx -> {
          tx.notification(T, "{}:{bot=\"paper\"}", "firing", "responder", 2);
          long inc =
              tx.openIncident(
                  new NewIncident(
                      "paper",
                      "fp1",
                      "t0",
                      "BotDown",
                      "soft",
                      Map.of("bot", "paper", "note", "ünïcode ✓"),
                      Map.of("summary", "it's down")),
                  T);
          long run =
              tx.claimRun(new RunKey("paper", "fp1", "t0", "soft"), inc, RunKind.RECOVERY, true, T);
          long a =
              tx.planAction(
                  new NewAction(
                      run, inc, "paper", "soft", 0, "reset", "http", ActionStatus.PLANNED, null),
                  T);
          tx.claimAction(a, "old", T);
          tx.finishAction(a, ActionStatus.SUCCESS, "200 OK", T.plusSeconds(1));
          tx.latch("paper", "BotLosing", T);
          tx.claimLiquidation("paper", T);
          tx.watchdogSeen(T);
          tx.noticeSent("paper", "email", 2, T);
          tx.addRecheck(new Recheck(inc, "paper", T.plusSeconds(300)));
          tx.closeIncident(inc, T.plusSeconds(60));
          return null;
        });
  }

  @Test
  void everyRowArrivesAndTheCopyWorksAsTheStore() throws Exception {
    Path sqlite = dir.resolve("sqlite");
    Files.createDirectories(sqlite);
    try (SqlStore s = Backend.SQLITE.open(sqlite)) {
      fill(s);
    }
    Path target = dir.resolve("pg");
    Path dsn = dir.resolve("dsn");
    Files.writeString(dsn, TestPostgres.get().dsn(target.toString()) + "\n");
    Path config = dir.resolve("responder.yml");
    Files.writeString(
        config, "webhook: {token: {env: HOME}}\nstore: {postgres: {dsn: {file: " + dsn + "}}}\n");

    int code =
        CopyStoreCommand.run(
            new String[] {
              "--from", sqlite.resolve("s.db").toString(), "--config", config.toString()
            });
    assertThat(code).isZero();

    for (String t : StoreCopy.TABLES) {
      assertThat(rows(Backend.POSTGRESQL, target, t))
          .as(t)
          .isEqualTo(rows(Backend.SQLITE, sqlite, t))
          .isNotEmpty();
    }
    try (SqlStore pg =
        SqlStore.postgres(
            TestPostgres.get().dsn(target.toString()), 2, Duration.ofSeconds(5), "r1")) {
      assertThat(pg.latches()).containsOnlyKeys("paper");
      assertThat(pg.<Boolean>write(tx -> tx.claimLiquidation("paper", T))).isFalse();
      assertThat(
              pg.<Long>write(
                  tx ->
                      tx.claimRun(
                          new RunKey("paper", "fp1", "t0", "soft"), 1, RunKind.RECOVERY, true, T)))
          .isEqualTo(-1);
      long next =
          pg.write(
              tx ->
                  tx.claimRun(
                      new RunKey("paper", "fp2", "t0", "soft"), 1, RunKind.RECOVERY, true, T));
      // After the copied ids (PostgreSQL spends a number on the refused repeat above).
      assertThat(next).isGreaterThan(1);
      assertThat(pg.actions("paper", 10, 0))
          .singleElement()
          .satisfies(a -> assertThat(a.detail()).isEqualTo("200 OK"));
    }

    // Twice is refused: the target has a trail now.
    int again =
        CopyStoreCommand.run(
            new String[] {
              "--from", sqlite.resolve("s.db").toString(), "--config", config.toString()
            });
    assertThat(again).isEqualTo(1);
  }

  @Test
  void aTargetWithATrailIsRefusedAndKeptAsItWas() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = dir.resolve("b");
    try (SqlStore from = Backend.SQLITE.open(a);
        SqlStore to = Backend.POSTGRESQL.open(b)) {
      fill(from);
      to.write(
          tx -> {
            tx.notification(T, "g", "firing", "r", 1);
            return null;
          });
      assertThatThrownBy(() -> StoreCopy.copy(from, to))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("already holds an audit trail");
      assertThat(to.countNotifications()).isEqualTo(1);
    }
  }

  /** Every row of {@code table}, ordered, each value as text (numbers of both kinds alike). */
  static List<List<String>> rows(Backend b, Path dir, String table) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = b.connect(dir);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
      int n = rs.getMetaData().getColumnCount();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        names.add(rs.getMetaData().getColumnName(i));
      }
      names.sort(null);
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (String name : names) {
          Object v = rs.getObject(name);
          row.add(name + "=" + (v instanceof Number num ? Long.toString(num.longValue()) : v));
        }
        out.add(row);
      }
    }
    return out;
  }
}
