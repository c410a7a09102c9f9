package dev.botwatch.responder;

import dev.botwatch.responder.config.StoreConfig;
import dev.botwatch.responder.store.SqlStore;

/** Opens the audit store the config names: its PostgreSQL database, else its SQLite file. */
public final class Stores {
  private Stores() {}

  /**
   * The DSN secret is read here, at open, and goes no further than the connection pool. {@code
   * owner} names this process in the runs it claims and, with PostgreSQL, in its lease.
   */
  public static SqlStore open(StoreConfig c, String owner) {
    if (c.postgres() == null) {
      return SqlStore.sqlite(c.path(), owner);
    }
    return SqlStore.postgres(
        c.postgres().dsn().resolve(),
        c.postgres().poolSize(),
        c.postgres().connectTimeout(),
        owner);
  }
}
