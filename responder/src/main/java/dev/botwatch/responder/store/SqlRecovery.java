package dev.botwatch.responder.store;

import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.NewAction;
import dev.botwatch.responder.model.RunKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * What a process that stopped left behind, taken over by this one: its running actions become
 * interrupted (an idempotent emergency step is planned again, anything else is not repeated: it may
 * have half-happened) and its runs with planned steps become this process's. At a start on SQLite
 * the previous process is every owner; between replicas on PostgreSQL only those whose lease
 * lapsed. Every change is guarded by the row's state, so two survivors never take one row twice.
 */
final class SqlRecovery {
  private SqlRecovery() {}

  /** Statements that name the owner and time only when they filter by replica. */
  private static final Consumer<SqlStatements> LENIENT = c -> c.setUnusedBindingAllowed(true);

  /** An owner that is not this process and holds no live lease (or a row that never had one). */
  private static String gone(String column) {
    return "("
        + column
        + " IS NULL OR ("
        + column
        + " <> :me AND "
        + column
        + " NOT IN (SELECT owner FROM leases WHERE expires_ms >= :now)))";
  }

  /**
   * {@code everyone}: take every running action and planned run (a start with the store to itself);
   * else only those of replicas whose lease lapsed. {@code why}: the note on an interrupted action.
   */
  static Store.Recovery recover(
      SqlTx tx, Instant now, Set<String> rerun, boolean everyone, String why) {
    Handle h = tx.handle();
    String me = tx.owner();
    long ms = now.toEpochMilli();
    List<ActionRecord> running =
        h.createQuery(
                "SELECT * FROM actions WHERE status = 'running'"
                    + (everyone ? "" : " AND " + gone("owner"))
                    + " ORDER BY id")
            .configure(SqlStatements.class, LENIENT)
            .bind("me", me)
            .bind("now", ms)
            .map(Rows.ACTION)
            .list();
    List<ActionRecord> interrupted = new ArrayList<>();
    List<ActionRecord> again = new ArrayList<>();
    for (ActionRecord a : running) {
      boolean repeat =
          SqlReads.runKind(h, a.runId()) == RunKind.EMERGENCY && rerun.contains(a.step());
      int n =
          h.createUpdate(
                  "UPDATE actions SET status = 'interrupted', detail = :detail, ended_ms = :now"
                      + " WHERE id = :id AND status = 'running'")
              .bind(
                  "detail",
                  (a.detail() == null ? "" : a.detail() + "; ")
                      + why
                      + "; "
                      + (repeat ? "it runs again (it is safe to repeat)" : "not repeated"))
              .bind("now", ms)
              .bind("id", a.id())
              .execute();
      if (n == 0) {
        continue; // another survivor took it first
      }
      interrupted.add(a);
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
    List<Long> candidates =
        h.createQuery(
                "SELECT a.run_id FROM actions a JOIN runs r ON r.id = a.run_id"
                    + " WHERE a.status = 'planned'"
                    + (everyone ? "" : " AND " + gone("r.owner"))
                    + " GROUP BY a.run_id, r.kind"
                    + " ORDER BY CASE WHEN r.kind = 'emergency' THEN 0 ELSE 1 END, a.run_id")
            .configure(SqlStatements.class, LENIENT)
            .bind("me", me)
            .bind("now", ms)
            .mapTo(Long.class)
            .list();
    List<Long> runs = new ArrayList<>();
    for (long run : candidates) {
      int n =
          h.createUpdate(
                  "UPDATE runs SET owner = :me WHERE id = :id"
                      + (everyone ? "" : " AND " + gone("owner")))
              .configure(SqlStatements.class, LENIENT)
              .bind("me", me)
              .bind("now", ms)
              .bind("id", run)
              .execute();
      if (n == 1) {
        runs.add(run);
      }
    }
    if (!everyone) {
      h.createUpdate("DELETE FROM leases WHERE expires_ms < :now AND owner <> :me")
          .bind("now", ms)
          .bind("me", me)
          .execute();
    }
    return new Store.Recovery(runs, interrupted, again);
  }
}
