package dev.botwatch.responder.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.History;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.Latch;
import dev.botwatch.responder.model.NewAction;
import dev.botwatch.responder.model.NoticeSend;
import dev.botwatch.responder.model.Recheck;
import dev.botwatch.responder.model.RunKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The {@link Store} over SQL with JDBI. {@link #sqlite} opens the embedded default: one connection
 * for the {@link GroupCommitWriter}, one for reads (in WAL mode a reader never waits for the
 * writer). {@link #postgres} opens a database several replicas share, through a HikariCP pool: the
 * writer takes one connection per transaction, reads take the others.
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

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final Handle reads; // SQLite's one reader; null on PostgreSQL (the pool's)
  private final GroupCommitWriter writer;
  private final AutoCloseable pool;

  private SqlStore(Jdbi jdbi, Dialect dialect, AutoCloseable pool) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.pool = pool;
    if (dialect == Dialect.SQLITE) {
      this.reads = jdbi.open();
      Handle w = jdbi.open();
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
              dialect,
              "audit-store-writer");
    } else {
      this.reads = null;
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
              dialect,
              "audit-store-writer");
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Opens (or creates) the SQLite file at {@code path} in WAL mode with {@code synchronous=FULL}:
   * an acknowledged notification survives a power cut, not only a crash.
   */
  public static SqlStore sqlite(String path) {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.WAL);
    c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    c.setBusyTimeout(5000);
    SQLiteDataSource ds = new SQLiteDataSource(c);
    ds.setUrl("jdbc:sqlite:" + path);
    try {
      Schema.migrate(ds, Dialect.SQLITE);
      return new SqlStore(Jdbi.create(ds), Dialect.SQLITE, null);
    } catch (JdbiException e) {
      throw new StoreException("cannot open the audit store " + path, e);
    }
  }

  /**
   * Opens the PostgreSQL database {@code dsn} names ({@code
   * postgresql://user:password@host:port/db}) and brings its schema up to date (Flyway holds a lock
   * meanwhile, so replicas starting together migrate once). Errors name the host and database,
   * never the password.
   */
  public static SqlStore postgres(String dsn, int poolSize, Duration connectTimeout) {
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
      return new SqlStore(Jdbi.create(ds), Dialect.POSTGRESQL, ds);
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
      throw new StoreException("audit store write failed", e);
    }
  }

  @Override
  public WriteStats writeStats() {
    return writer.stats();
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
    return write(
        tx -> {
          Handle h = ((SqlTx) tx).handle();
          List<ActionRecord> interrupted =
              h.createQuery("SELECT * FROM actions WHERE status = 'running' ORDER BY id")
                  .map(Rows.ACTION)
                  .list();
          List<ActionRecord> again = new ArrayList<>();
          for (ActionRecord a : interrupted) {
            boolean repeat =
                SqlReads.runKind(h, a.runId()) == RunKind.EMERGENCY && rerun.contains(a.step());
            tx.finishAction(
                a.id(),
                ActionStatus.INTERRUPTED,
                (a.detail() == null ? "" : a.detail() + "; ")
                    + "the responder stopped during this action; "
                    + (repeat ? "it runs again (it is safe to repeat)" : "not repeated"),
                now);
            if (repeat) {
              tx.planAction(
                  new NewAction(
                      a.runId(),
                      a.incidentId(),
                      a.bot(),
                      a.playbook(),
                      a.seq(),
                      a.step(),
                      a.kind(),
                      ActionStatus.PLANNED,
                      "again after a restart: the previous attempt was interrupted"),
                  now);
              again.add(a);
            }
          }
          List<Long> runs =
              h.createQuery(
                      "SELECT a.run_id FROM actions a JOIN runs r ON r.id = a.run_id"
                          + " WHERE a.status = 'planned' GROUP BY a.run_id, r.kind"
                          + " ORDER BY CASE WHEN r.kind = 'emergency' THEN 0 ELSE 1 END,"
                          + " a.run_id")
                  .mapTo(Long.class)
                  .list();
          return new Recovery(runs, interrupted, again);
        });
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
