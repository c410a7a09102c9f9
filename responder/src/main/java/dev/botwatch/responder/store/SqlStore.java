package dev.botwatch.responder.store;

import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.History;
import dev.botwatch.responder.model.Incident;
import dev.botwatch.responder.model.Latch;
import dev.botwatch.responder.model.NewAction;
import dev.botwatch.responder.model.NoticeSend;
import dev.botwatch.responder.model.Recheck;
import dev.botwatch.responder.model.RunKind;
import java.time.Instant;
import java.util.ArrayList;
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
 * The {@link Store} over SQL with JDBI: one connection for the {@link GroupCommitWriter}, one for
 * reads (in WAL mode a reader never waits for the writer) and, for SQLite, one for the {@link
 * Checkpointer}. {@link #sqlite} opens the embedded default; another database needs only its data
 * source and its migrations folder.
 */
public final class SqlStore implements Store {
  private final Handle reads;
  private final Checkpointer checkpointer;
  private final GroupCommitWriter writer;

  /**
   * @param sqliteWal SQLite in WAL mode: its log is checkpointed by a {@link Checkpointer}, not
   *     inside the writer's commits
   */
  private SqlStore(Jdbi jdbi, boolean sqliteWal) {
    this.reads = jdbi.open();
    this.checkpointer = sqliteWal ? new Checkpointer(jdbi.open(), "audit-store-checkpoint") : null;
    Handle w = jdbi.open();
    if (sqliteWal) {
      w.execute("PRAGMA wal_autocheckpoint = " + Checkpointer.BACKSTOP_PAGES);
    }
    this.writer =
        new GroupCommitWriter(
            w, "audit-store-writer", checkpointer == null ? () -> {} : checkpointer::committed);
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
      Schema.migrate(ds, "sqlite");
      return new SqlStore(Jdbi.create(ds), true);
    } catch (JdbiException e) {
      throw new StoreException("cannot open the audit store " + path, e);
    }
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
  public <T> CompletableFuture<T> writeAsync(Unit<T> unit) {
    CompletableFuture<T> done = new CompletableFuture<>();
    writer
        .submit(unit)
        .whenComplete(
            (v, e) -> {
              if (e == null) {
                done.complete(v);
              } else {
                done.completeExceptionally(
                    e instanceof JdbiException
                        ? new StoreException("audit store write failed", e)
                        : e);
              }
            });
    return done;
  }

  @Override
  public WriteStats writeStats() {
    return new WriteStats(
        writer.transactions(),
        writer.units(),
        writer.queued(),
        checkpointer == null ? 0 : checkpointer.runs());
  }

  private synchronized <T> T read(Function<Handle, T> q) {
    try {
      return q.apply(reads);
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
    if (checkpointer != null) {
      checkpointer.close();
    }
    synchronized (this) {
      reads.close();
    }
  }
}
