package dev.botwatch.responder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two migration folders build one logical schema: after migrating, SQLite and PostgreSQL have
 * the same tables with the same columns, each of the same kind (integer or text) and nullability,
 * and the same indexes; the queries are written once for both.
 */
class SchemaEquivalenceTest {
  @TempDir Path dir;

  @Test
  void sqliteAndPostgresqlHaveTheSameTablesAndColumns() throws SQLException {
    Map<String, TreeSet<String>> sqlite = schema(Backend.SQLITE);
    Map<String, TreeSet<String>> postgres = schema(Backend.POSTGRESQL);
    assertThat(sqlite).containsKeys("actions", "runs", "incidents", "emergency", "rechecks");
    assertThat(postgres).isEqualTo(sqlite);
  }

  @Test
  void bothReachTheSameVersion() throws SQLException {
    for (Backend b : Backend.values()) {
      b.open(dir).close();
      try (Connection c = b.connect(dir);
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history"
                          + " WHERE success")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as(b.name()).isEqualTo(Schema.LATEST);
      }
    }
  }

  /** Per table: "column kind null|not-null" and "index name", Flyway's own table left out. */
  private Map<String, TreeSet<String>> schema(Backend b) throws SQLException {
    b.open(dir).close();
    Map<String, TreeSet<String>> out = new TreeMap<>();
    try (Connection c = b.connect(dir)) {
      DatabaseMetaData md = c.getMetaData();
      String schema = b == Backend.POSTGRESQL ? "public" : null;
      try (ResultSet t = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
        while (t.next()) {
          String table = t.getString("TABLE_NAME");
          if (!table.equals("flyway_schema_history") && !table.startsWith("sqlite_")) {
            out.put(table, new TreeSet<>());
          }
        }
      }
      for (var e : out.entrySet()) {
        TreeSet<String> keys = new TreeSet<>();
        try (ResultSet pk = md.getPrimaryKeys(null, schema, e.getKey())) {
          while (pk.next()) {
            keys.add(pk.getString("COLUMN_NAME"));
          }
        }
        try (ResultSet col = md.getColumns(null, schema, e.getKey(), "%")) {
          while (col.next()) {
            String name = col.getString("COLUMN_NAME");
            // SQLite reports a primary key nullable; it never holds a null.
            boolean notNull = keys.contains(name) || "NO".equals(col.getString("IS_NULLABLE"));
            e.getValue()
                .add(
                    name
                        + " "
                        + kind(col.getInt("DATA_TYPE"), col.getString("TYPE_NAME"))
                        + (keys.contains(name) ? " primary-key" : notNull ? " not-null" : " null"));
          }
        }
        try (ResultSet ix = md.getIndexInfo(null, schema, e.getKey(), false, false)) {
          while (ix.next()) {
            String name = ix.getString("INDEX_NAME");
            // Primary keys and UNIQUE constraints get generated names; compare named indexes.
            if (name != null
                && !name.startsWith("sqlite_autoindex")
                && !name.endsWith("_pkey")
                && !name.endsWith("_key")) {
              e.getValue().add("index " + name);
            }
          }
        }
      }
    }
    return out;
  }

  private static String kind(int type, String name) {
    return switch (type) {
      case Types.INTEGER, Types.BIGINT, Types.SMALLINT -> "integer";
      case Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB -> "text";
      default -> "TEXT".equalsIgnoreCase(name) ? "text" : name.toLowerCase();
    };
  }
}
