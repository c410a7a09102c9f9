package dev.botwatch.responder.store;

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
  private static final Logger log = LoggerFactory.getLogger(Schema.class);

  private Schema() {}

  static void migrate(DataSource ds, String database) {
    try {
      MigrateResult r =
          Flyway.configure(Schema.class.getClassLoader())
              .dataSource(ds)
              .locations("classpath:db/migration/" + database)
              .javaMigrations(new V2__LiquidationClaim())
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .baselineDescription("store written before the schema had versions")
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
}
