package dev.botwatch.responder.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.History;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.Latch;
import dev.botwatch.responder.model.NoticeSend;
import dev.botwatch.responder.model.Recheck;
import dev.botwatch.responder.model.RunKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The {@link Store} over SQL with JDBI. {@link #sqlite} opens the embedded default: one connection
 * for the {@link GroupCommitWriter}, one for reads (in WAL mode a reader never waits for the
 * writer) and one for the {@link Checkpointer}. {@link #postgres} opens a database several replicas
 * share, through a HikariCP pool: the writer takes one connection per transaction, reads take the
 * others.
 */
public final class SqlStore implements Store {
  /** The databases the store runs on; each has its migrations in {@code db/migration/<id>}. */
  public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    final String id;

    Dialect(String id) {
      this.id = id;
    }
  }

  /** The owner of a store opened without one: a single process. */
  public static final String DEFAULT_OWNER = "responder";

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final String owner;
  private final Handle reads; // SQLite's one reader; null on PostgreSQL (the pool's)
  private final Checkpointer checkpointer; // SQLite's; null on PostgreSQL
  private final GroupCommitWriter writer;
  private final AutoCloseable pool;

  private SqlStore(Jdbi jdbi, Dialect dialect, AutoCloseable pool, String owner) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.pool = pool;
    this.owner = owner;
    if (dialect == Dialect.SQLITE) {
      // The write-ahead log is copied into the database by the checkpointer's own thread, not
      // inside a webhook's commit; the writer's automatic checkpoint stays as a backstop.
      this.reads = jdbi.open();
      this.checkpointer = new Checkpointer(jdbi.open(), "audit-store-checkpoint");
      Handle w = jdbi.open();
      w.execute("PRAGMA wal_autocheckpoint = " + Checkpointer.BACKSTOP_PAGES);
      this.writer =
          new GroupCommitWriter(
              new GroupCommitWriter.Connections() {
                @Override
                public Handle acquire() {
                  return w;
                }

                @Override
                public void release(Handle h) {}

                @Override
                public void close() {
                  w.close();
                }
              },
              h -> new SqlTx(h, dialect, owner),
              "audit-store-writer",
              checkpointer::committed);
    } else {
      this.reads = null;
      this.checkpointer = null;
      this.writer =
          new GroupCommitWriter(
              new GroupCommitWriter.Connections() {
                @Override
                public Handle acquire() {
                  return jdbi.open();
                }

                @Override
                public void release(Handle h) {
                  h.close();
                }

                @Override
                public void close() {}
              },
              h -> new SqlTx(h, dialect, owner),
              "audit-store-writer",
              () -> {});
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  /** For {@link StoreCopy}: raw access to the database, outside the writer. */
  Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Opens (or creates) the SQLite file at {@code path} in WAL mode with {@code synchronous=FULL}:
   * an acknowledged notification survives a power cut, not only a crash.
   */
  public static SqlStore sqlite(String path) {
    return sqlite(path, DEFAULT_OWNER);
  }

  /**
   * Loads what opening a store needs (SQLite's native library, JDBI's statement path and the JDK's
   * flight-recorder metadata it registers its event with) against a throwaway in-memory database,
   * so a start can do it on another thread before its config names the store. Any failure is left
   * for the real open to report.
   */
  public static void prime() {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite::memory:");
    try {
      Jdbi.create(ds).useHandle(h -> h.execute("SELECT 1"));
    } catch (RuntimeException e) {
      // the open that follows meets the same problem and names it
    }
  }

  /** As {@link #sqlite(String)}; {@code owner} names this process in the runs it claims. */
  public static SqlStore sqlite(String path, String owner) {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.WAL);
    c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    c.setBusyTimeout(5000);
    SQLiteDataSource ds = new SQLiteDataSource(c);
    ds.setUrl("jdbc:sqlite:" + path);
    try {
      Schema.migrate(ds, Dialect.SQLITE);
      return new SqlStore(Jdbi.create(ds), Dialect.SQLITE, null, owner);
    } catch (JdbiException e) {
      throw new StoreException("cannot open the audit store " + path, e);
    }
  }

  /**
   * Opens the PostgreSQL database {@code dsn} names ({@code
   * postgresql://user:password@host:port/db}) and brings its schema up to date (Flyway holds a lock
   * meanwhile, so replicas starting together migrate once). Errors name the host and database,
   * never the password. {@code owner} names this replica in the runs it claims and in its lease.
   */
  public static SqlStore postgres(String dsn, int poolSize, Duration connectTimeout, String owner) {
    PostgresDsn d = PostgresDsn.parse(dsn);
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("audit-store");
    hc.setJdbcUrl(d.jdbcUrl());
    hc.setUsername(d.user());
    hc.setPassword(d.password());
    hc.setMaximumPoolSize(poolSize);
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
    // A database that is down at start fails the start (after the timeout), not the first webhook.
    hc.setInitializationFailTimeout(Math.max(1, connectTimeout.toMillis()));
    hc.addDataSourceProperty("connectTimeout", Math.max(1, connectTimeout.toSeconds()));
    hc.addDataSourceProperty("ApplicationName", "botwatch-responder");
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to the audit store " + d.jdbcUrl() + " as " + d.user() + ": " + why(e),
          null);
    }
    try {
      Schema.migrate(ds, Dialect.POSTGRESQL);
      return new SqlStore(Jdbi.create(ds), Dialect.POSTGRESQL, ds, owner);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  /** The innermost message: the driver's (it names host and reason, never the password). */
  private static String why(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  @Override
  public <T> T write(Unit<T> unit) {
    try {
      return writer.write(unit);
    } catch (JdbiException e) {
      throw writeFailed(e);
    }
  }

  @Override
  public <T> CompletableFuture<T> writeAsync(Unit<T> unit) {
    return writer
        .submit(unit)
        .exceptionallyCompose(
            e -> CompletableFuture.failedFuture(e instanceof JdbiException j ? writeFailed(j) : e));
  }

  private static StoreException writeFailed(JdbiException e) {
    return new StoreException("audit store write failed", e);
  }

  @Override
  public WriteStats writeStats() {
    return new WriteStats(
        writer.transactions(),
        writer.units(),
        writer.queued(),
        checkpointer == null ? 0 : checkpointer.runs());
  }

  private <T> T read(Function<Handle, T> q) {
    try {
      if (reads == null) {
        return jdbi.withHandle(q::apply);
      }
      synchronized (this) {
        return q.apply(reads);
      }
    } catch (JdbiException e) {
      throw new StoreException("audit store read failed", e);
    }
  }

  @Override
  public Recovery recoverAtStart(Instant now, Set<String> rerun) {
    if (shared()) {
      // Replicas: what a stopped one left is taken over once its lease lapsed (takeOver).
      return new Recovery(List.of(), List.of(), List.of());
    }
    return write(
        tx ->
            SqlRecovery.recover(
                (SqlTx) tx, now, rerun, true, "the responder stopped during this action"));
  }

  @Override
  public boolean shared() {
    return dialect == Dialect.POSTGRESQL;
  }

  @Override
  public void renewLease(Instant now, Duration lease) {
    write(
        tx ->
            ((SqlTx) tx)
                .handle()
                .createUpdate(
                    "INSERT INTO leases (owner, expires_ms) VALUES (:me, :until)"
                        + " ON CONFLICT (owner) DO UPDATE SET expires_ms = excluded.expires_ms")
                .bind("me", owner)
                .bind("until", now.plus(lease).toEpochMilli())
                .execute());
  }

  @Override
  public Recovery takeOver(Instant now, Set<String> rerun) {
    if (!shared()) {
      return new Recovery(List.of(), List.of(), List.of());
    }
    return write(
        tx ->
            SqlRecovery.recover(
                (SqlTx) tx,
                now,
                rerun,
                false,
                "the replica running it stopped renewing its lease during this action"));
  }

  @Override
  public List<ActionRecord> runActions(long runId) {
    return read(h -> SqlReads.runActions(h, runId));
  }

  @Override
  public RunKind runKind(long runId) {
    return read(h -> SqlReads.runKind(h, runId));
  }

  @Override
  public List<ActionRecord> actions(String bot, int limit, int offset) {
    return read(h -> SqlReads.actions(h, bot, limit, offset));
  }

  @Override
  public long countActions(String bot) {
    return read(h -> SqlReads.countActions(h, bot));
  }

  @Override
  public List<ActionRecord> incidentActions(long incidentId) {
    return read(h -> SqlReads.incidentActions(h, incidentId));
  }

  @Override
  public Incident incident(long id) {
    return read(h -> SqlReads.incident(h, id));
  }

  @Override
  public List<Incident> openIncidents() {
    return read(SqlReads::openIncidents);
  }

  @Override
  public long countNotifications() {
    return read(SqlReads::countNotifications);
  }

  @Override
  public Map<String, Latch> latches() {
    return read(SqlReads::latches);
  }

  @Override
  public Instant watchdogLastSeen() {
    return read(SqlReads::watchdogLastSeen);
  }

  @Override
  public List<ActionRecord> heldNotices(String bot, String channel) {
    return read(h -> SqlReads.heldNotices(h, bot, channel));
  }

  @Override
  public List<NoticeKey> heldNoticeKeys() {
    return read(SqlReads::heldNoticeKeys);
  }

  @Override
  public List<NoticeSend> noticeSendsSince(Instant since) {
    return read(h -> SqlReads.noticeSendsSince(h, since));
  }

  @Override
  public List<Recheck> rechecks() {
    return read(SqlReads::rechecks);
  }

  @Override
  public History history(Instant since, Instant until, int limit) {
    return read(h -> SqlHistory.read(h, since, until, limit));
  }

  @Override
  public List<String> reportDays(int n) {
    return read(h -> SqlHistory.reportDays(h, n));
  }

  @Override
  public void close() {
    writer.close();
    if (checkpointer != null) {
      checkpointer.close();
    }
    if (reads != null) {
      synchronized (this) {
        reads.close();
      }
    }
    if (pool != null) {
      try {
        pool.close();
      } catch (Exception e) {
        throw new StoreException("closing the audit store's connections failed", e);
      }
    }
  }
}
