package dev.botwatch.responder.store;

import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
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

/**
 * The audit store: notifications, incidents, runs (the dedupe keys), actions, the emergency latch,
 * notices sent, cooldown re-checks and the watchdog. Everything the responder decides is written
 * here before it acts, so it survives a restart.
 *
 * <p>Writes: every write is a {@link Unit} run by one writer inside a transaction, and {@link
 * #write} returns only once that transaction is durable. Concurrent units may share a transaction
 * (group commit: one fsync for many webhooks), each inside its own savepoint, so one failing unit
 * never fails the others. Reads outside a unit see committed data.
 *
 * <p>Execution takes its work from here: a step runs only after {@link Tx#claimAction} moved it
 * from planned to running under the caller's owner name, so two processes sharing a database can
 * never both run it. Blocking: call from a worker thread, never an event loop.
 */
public interface Store extends AutoCloseable {
  /** Work inside one transaction: everything it writes commits, or none of it. */
  interface Unit<T> {
    T apply(Tx tx);
  }

  /**
   * Runs {@code unit} in a transaction and waits until it is durable; its exception if it threw.
   */
  <T> T write(Unit<T> unit);

  /**
   * As {@link #write}, without blocking the caller: the future completes once the transaction
   * holding {@code unit} is durable (on the writer's thread: hand anything slow elsewhere), or
   * exceptionally with the unit's exception or a {@link StoreException}.
   */
  <T> CompletableFuture<T> writeAsync(Unit<T> unit);

  /**
   * How the writer has grouped units into transactions since the store opened, how many units wait
   * for the next one, and how many times the log was checkpointed off the writer's thread.
   */
  record WriteStats(long transactions, long units, int queued, long checkpoints) {}

  WriteStats writeStats();

  /** (bot, channel) of notices waiting for a grouped message. */
  record NoticeKey(String bot, String channel) {}

  /** What a start found: runs to continue, actions it marked interrupted, those planned again. */
  record Recovery(List<Long> runs, List<ActionRecord> interrupted, List<ActionRecord> again) {}

  /**
   * At start: an action left running died with the process. It is marked interrupted and not
   * repeated (it may have half-happened), except an emergency step named in {@code rerun}
   * (idempotent: stop entries, cancel orders, emergency mode, stop), which gets a new planned row
   * so the emergency still finishes. Returns the runs that have planned steps, emergency first.
   */
  Recovery recoverAtStart(Instant now, Set<String> rerun);

  /**
   * Several processes may use this store at once (PostgreSQL replicas): each renews its lease, and
   * recovery happens by {@link #takeOver}, not at start.
   */
  boolean shared();

  /** This process is alive until {@code now + lease}. */
  void renewLease(Instant now, Duration lease);

  /**
   * What replicas whose lease lapsed left: their running actions interrupted (by the rules of
   * {@link #recoverAtStart}), their runs with planned steps now this process's, to continue.
   * Nothing on a store that is not {@link #shared}.
   */
  Recovery takeOver(Instant now, Set<String> rerun);

  // ---- reads of committed data ----------------------------------------------------------------

  List<ActionRecord> runActions(long runId);

  /** The kind of a run, null if there is no such run. */
  RunKind runKind(long runId);

  /** The audit trail, newest first; {@code bot} null for all bots. */
  List<ActionRecord> actions(String bot, int limit, int offset);

  long countActions(String bot);

  List<ActionRecord> incidentActions(long incidentId);

  Incident incident(long id);

  List<Incident> openIncidents();

  long countNotifications();

  /** Bots whose emergency latch is on. */
  Map<String, Latch> latches();

  Instant watchdogLastSeen();

  /** Notices of {@code bot} waiting for the next message on {@code channel}, oldest first. */
  List<ActionRecord> heldNotices(String bot, String channel);

  List<NoticeKey> heldNoticeKeys();

  /** Messages sent since {@code since}, oldest first. */
  List<NoticeSend> noticeSendsSince(Instant since);

  /** Every pending cooldown re-check, earliest first. */
  List<Recheck> rechecks();

  /**
   * One period of the audit trail for the health report: at most {@code limit} incidents and
   * emergency stops, {@code 10 × limit} actions.
   */
  History history(Instant since, Instant until, int limit);

  /** The days (as the report names them) of the last {@code n} daily reports, newest first. */
  List<String> reportDays(int n);

  @Override
  void close();

  // ---- one-statement writes, each its own unit ----------------------------------------------

  /** Claims a planned step for {@code owner}; false if it is no longer planned. */
  default boolean claim(long actionId, String owner, Instant now) {
    return write(tx -> tx.claimAction(actionId, owner, now));
  }

  default void finish(long actionId, ActionStatus status, String detail, Instant now) {
    write(
        tx -> {
          tx.finishAction(actionId, status, detail, now);
          return null;
        });
  }

  /** Marks a notice held (its detail, the reason, stays for the grouped message to read). */
  default void hold(long actionId, Instant now) {
    write(
        tx -> {
          tx.holdAction(actionId, now);
          return null;
        });
  }

  /** One message went to people: counts against {@code notify.max_per_hour}. */
  default void noticeSent(String bot, String channel, int notices, Instant at) {
    write(
        tx -> {
          tx.noticeSent(bot, channel, notices, at);
          return null;
        });
  }
}
