package dev.botwatch.responder.engine;

import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.work.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a store several replicas share: renews this replica's lease every third of {@code lease}, and
 * takes over what a replica whose lease lapsed left (its running actions recorded interrupted, its
 * planned runs continued here, its cooldown re-checks armed here).
 *
 * <p>A lease that lapsed proves a replica dead only if this one was reaching the database the whole
 * time: after an outage every replica's lease has lapsed, and the others get a full lease to renew
 * theirs before anyone takes their work. So this replica takes over only once it has renewed its
 * own without a failure for at least one lease.
 */
final class ReplicaLease {
  private static final Logger log = LoggerFactory.getLogger(ReplicaLease.class);

  private final Store store;
  private final Execution execution;
  private final CooldownRechecks rechecks;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Duration lease;
  private Instant connectedSince;

  ReplicaLease(
      Store store,
      Execution execution,
      CooldownRechecks rechecks,
      Scheduler scheduler,
      Clock clock,
      Duration lease) {
    this.store = store;
    this.execution = execution;
    this.rechecks = rechecks;
    this.scheduler = scheduler;
    this.clock = clock;
    this.lease = lease;
  }

  void start() {
    if (!store.shared()) {
      return;
    }
    tick();
    scheduler.every(lease.dividedBy(3), this::tick);
  }

  /** One heartbeat: renew, then (connected for a lease) take over the dead replicas' work. */
  synchronized void tick() {
    Instant now = clock.instant();
    try {
      store.renewLease(now, lease);
    } catch (RuntimeException e) {
      connectedSince = null;
      log.warn("cannot renew this replica's lease: {}", e.toString());
      return;
    }
    if (connectedSince == null) {
      connectedSince = now;
    }
    if (Duration.between(connectedSince, now).compareTo(lease) < 0) {
      return;
    }
    try {
      execution.takeOver();
      // Re-checks another replica added have no timer here yet; arming is idempotent.
      rechecks.resume();
    } catch (RuntimeException e) {
      log.warn("taking over from stopped replicas failed: {}", e.toString());
    }
  }
}
