package dev.botwatch.responder.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned schema: Flyway applies the numbered migrations of {@code db/migration/<database>}
 * that a database has not seen yet, and records each in {@code flyway_schema_history}. Forward
 * only; a database from a newer release is refused rather than written with an older idea of its
 * tables.
 *
 * <p>A store written before the schema had versions (tables, no history) is taken as version 0:
 * {@code V1} creates only what is missing, then the later versions change it like any other. Flyway
 * also serializes migrations between processes that open one database at once (a lock on
 * PostgreSQL), which several responders sharing a store will need.
 */
final class Schema {
  private static final String APPLIED =
      "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success";

  private static final Logger log = LoggerFactory.getLogger(Schema.class);

  private Schema() {}

  /** The newest version this release's migrations reach ({@code SchemaTest} checks it). */
  static final int LATEST = 5;

  static void migrate(DataSource ds, SqlStore.Dialect database) {
    Integer current = applied(ds);
    if (current != null && current > LATEST) {
      throw new StoreException(
          "the audit store's schema is at version "
              + current
              + ", newer than this release knows ("
              + LATEST
              + "): run the release that wrote it",
          null);
    }
    if (current != null && current == LATEST) {
      return; // nothing to do; Flyway costs a few hundred ms of a start that must stay fast
    }
    try {
      MigrateResult r =
          Flyway.configure(Schema.class.getClassLoader())
              .dataSource(ds)
              .locations("classpath:db/migration/" + database.id)
              .javaMigrations(new V2__LiquidationClaim())
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .baselineDescription("store written before the schema had versions")
              // A store a newer release migrated further is refused (Flyway ignores such versions
              // by
              // default): this release does not know what the newer tables mean.
              .ignoreMigrationPatterns(new String[0])
              .load()
              .migrate();
      if (r.migrationsExecuted > 0) {
        log.info(
            "audit store schema: version {} ({} migration(s) applied)",
            r.targetSchemaVersion,
            r.migrationsExecuted);
      }
    } catch (FlywayException e) {
      throw new StoreException("the audit store's schema cannot be brought up to date", e);
    }
  }

  /** The newest version applied to the store, null if it has no history yet. */
  private static Integer applied(DataSource ds) {
    try (Connection c = ds.getConnection();
        ResultSet t = c.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
      if (!t.next()) {
        return null;
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(APPLIED)) {
        return rs.next() ? rs.getInt(1) : null;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the audit store's schema version", e);
    }
  }
}
