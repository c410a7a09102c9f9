package dev.botwatch.responder.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Copies one audit store into another, row for row with the same ids: every notification, incident,
 * run (the dedupe keys), action, the emergency latch, notices sent, re-checks and the watchdog.
 * Both are opened (so migrated to the same schema version) first. The target must hold no audit
 * trail yet; the copy is one transaction there, checked by counting before it commits. Leases and
 * bot locks are not copied: they belong to running processes, and the runs the source's process
 * owned are taken over by the first replica as any stopped replica's.
 */
public final class StoreCopy {
  /** The tables copied, in order; none refers to another by a foreign key. */
  public static final List<String> TABLES =
      List.of(
          "notifications",
          "incidents",
          "runs",
          "actions",
          "emergency",
          "watchdog",
          "notice_sends",
          "rechecks");

  private static final int BATCH = 500;

  private StoreCopy() {}

  /** Copies {@code from} into {@code to}; returns the rows copied per table. */
  public static Map<String, Long> copy(SqlStore from, SqlStore to) {
    try (Handle hs = from.jdbi().open();
        Handle hd = to.jdbi().open()) {
      Connection src = hs.getConnection();
      Connection dst = hd.getConnection();
      if (!empty(dst)) {
        throw new StoreException(
            "the target store already holds an audit trail: copy only into a new, empty one", null);
      }
      dst.setAutoCommit(false);
      try {
        Map<String, Long> copied = new LinkedHashMap<>();
        try (Statement s = dst.createStatement()) {
          s.execute("DELETE FROM watchdog"); // its one row comes from the source
        }
        for (String t : TABLES) {
          copied.put(t, copyTable(src, dst, t));
        }
        for (String t : TABLES) {
          long there = count(dst, t);
          if (there != copied.get(t) || there != count(src, t)) {
            throw new StoreException(
                t + ": " + count(src, t) + " rows in the source, " + there + " copied", null);
          }
        }
        if (to.dialect() == SqlStore.Dialect.POSTGRESQL) {
          restartIdentities(dst);
        }
        dst.commit();
        return copied;
      } catch (SQLException | RuntimeException e) {
        dst.rollback();
        throw e;
      } finally {
        dst.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("copying the audit store failed: " + e.getMessage(), e);
    }
  }

  private static boolean empty(Connection c) throws SQLException {
    for (String t : List.of("notifications", "incidents", "runs", "actions", "emergency")) {
      if (count(c, t) > 0) {
        return false;
      }
    }
    return true;
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long copyTable(Connection src, Connection dst, String table) throws SQLException {
    Map<String, Integer> targetTypes = new LinkedHashMap<>();
    try (ResultSet cols = dst.getMetaData().getColumns(null, null, table, null)) {
      while (cols.next()) {
        targetTypes.put(cols.getString("COLUMN_NAME"), cols.getInt("DATA_TYPE"));
      }
    }
    long n = 0;
    try (Statement s = src.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String c = md.getColumnName(i);
        if (!targetTypes.containsKey(c)) {
          throw new StoreException(table + "." + c + " is missing in the target store", null);
        }
        names.add(c);
      }
      String sql =
          "INSERT INTO "
              + table
              + " ("
              + String.join(", ", names)
              + ") VALUES ("
              + String.join(", ", names.stream().map(x -> "?").toList())
              + ")";
      try (PreparedStatement ins = dst.prepareStatement(sql)) {
        while (rs.next()) {
          for (int i = 0; i < names.size(); i++) {
            Object v = rs.getObject(i + 1);
            int type = targetTypes.get(names.get(i));
            if (v == null) {
              ins.setNull(i + 1, type);
            } else if (v instanceof Number num) {
              ins.setLong(i + 1, num.longValue());
            } else {
              ins.setObject(i + 1, v, type);
            }
          }
          ins.addBatch();
          if (++n % BATCH == 0) {
            ins.executeBatch();
          }
        }
        ins.executeBatch();
      }
    }
    return n;
  }

  /** Ids were copied as they were: new rows continue after the highest. */
  private static void restartIdentities(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String t : List.of("notifications", "incidents", "runs", "actions", "notice_sends")) {
        s.execute(
            "SELECT setval(pg_get_serial_sequence('"
                + t
                + "', 'id'), COALESCE((SELECT MAX(id) FROM "
                + t
                + "), 0) + 1, false)");
      }
    }
  }
}
