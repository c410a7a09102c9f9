package dev.botwatch.responder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.botwatch.responder.config.Playbooks;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.NewAction;
import dev.botwatch.responder.model.RunKey;
import dev.botwatch.responder.model.RunKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas on one PostgreSQL store, on a clock the test sets: a replica's running action and
 * planned runs are its own while its lease lives; once it lapsed, a survivor records the action
 * interrupted (an idempotent emergency step planned again, liquidation never) and takes the runs,
 * exactly once however many survivors look.
 */
class ReplicaStoreTest {
  static final Instant T = Instant.parse("2026-11-22T09:00:00Z");
  static final Duration LEASE = Duration.ofSeconds(15);

  @TempDir Path dir;

  SqlStore replica(String owner) {
    return SqlStore.postgres(
        TestPostgres.get().dsn(dir.toString()), 2, Duration.ofSeconds(5), owner);
  }

  static NewAction planned(long run, long inc, String playbook, int seq, String step) {
    return SqlStoreTest.planned(run, inc, playbook, seq, step);
  }

  @Test
  void aLapsedLeaseHandsTheWorkToOneSurvivor() {
    try (SqlStore a = replica("a");
        SqlStore b = replica("b");
        SqlStore c = replica("c")) {
      assertThat(a.shared()).isTrue();
      a.renewLease(T, LEASE);
      long[] ids =
          a.write(
              tx -> {
                long inc = SqlStoreTest.incident(tx);
                long em =
                    tx.claimRun(
                        new RunKey("b", "fp", "t0", "emergency_stop"),
                        inc,
                        RunKind.EMERGENCY,
                        false,
                        T);
                long stop = tx.planAction(planned(em, inc, "emergency_stop", 0, "stop-trading"), T);
                long liq = tx.planAction(planned(em, inc, "emergency_stop", 1, "liquidate"), T);
                tx.planAction(planned(em, inc, "emergency_stop", 2, "cancel-orders"), T);
                tx.claimAction(stop, "a", T);
                tx.claimAction(liq, "a", T);
                return new long[] {em, stop, liq};
              });
      b.renewLease(T, LEASE);
      c.renewLease(T, LEASE);

      // a lives (its lease runs to T+15s): nothing of it is touched.
      b.renewLease(T.plusSeconds(10), LEASE);
      Store.Recovery early = b.takeOver(T.plusSeconds(10), Playbooks.IDEMPOTENT_EMERGENCY);
      assertThat(early.interrupted()).isEmpty();
      assertThat(early.runs()).isEmpty();

      // a stopped renewing; b and c both look after it lapsed: one of them takes it all.
      Instant later = T.plusSeconds(16);
      b.renewLease(later, LEASE);
      c.renewLease(later, LEASE);
      Store.Recovery byB = b.takeOver(later, Playbooks.IDEMPOTENT_EMERGENCY);
      Store.Recovery byC = c.takeOver(later, Playbooks.IDEMPOTENT_EMERGENCY);
      assertThat(byB.interrupted())
          .extracting(ActionRecord::step)
          .containsExactly("stop-trading", "liquidate");
      assertThat(byB.again()).extracting(ActionRecord::step).containsExactly("stop-trading");
      assertThat(byB.runs()).containsExactly(ids[0]);
      assertThat(byC.interrupted()).isEmpty();
      assertThat(byC.runs()).isEmpty();
      assertThat(b.runActions(ids[0]))
          .extracting(ActionRecord::step, ActionRecord::status)
          .containsExactly(
              tuple("stop-trading", ActionStatus.INTERRUPTED),
              tuple("stop-trading", ActionStatus.PLANNED),
              tuple("liquidate", ActionStatus.INTERRUPTED),
              tuple("cancel-orders", ActionStatus.PLANNED));
      assertThat(b.actions("b", 10, 0))
          .filteredOn(x -> x.step().equals("liquidate"))
          .singleElement()
          .satisfies(x -> assertThat(x.detail()).contains("stopped renewing", "not repeated"));

      // The run is b's now: while b lives, c finds nothing more to take.
      Instant much = later.plusSeconds(60);
      b.renewLease(much, LEASE);
      c.renewLease(much, LEASE);
      assertThat(c.takeOver(much, Playbooks.IDEMPOTENT_EMERGENCY).runs()).isEmpty();
    }
  }

  @Test
  void aStartOnASharedStoreTakesNothingFromALiveReplica() {
    try (SqlStore a = replica("a")) {
      a.renewLease(T, LEASE);
      long action =
          a.write(
              tx -> {
                long inc = SqlStoreTest.incident(tx);
                long run =
                    tx.claimRun(
                        new RunKey("b", "fp", "t0", "soft"), inc, RunKind.RECOVERY, true, T);
                long id = tx.planAction(planned(run, inc, "soft", 0, "restart"), T);
                tx.claimAction(id, "a", T);
                return id;
              });
      try (SqlStore b = replica("b")) {
        Store.Recovery r = b.recoverAtStart(T.plusSeconds(1), Playbooks.IDEMPOTENT_EMERGENCY);
        assertThat(r.interrupted()).isEmpty();
        assertThat(r.runs()).isEmpty();
        assertThat(b.takeOver(T.plusSeconds(1), Playbooks.IDEMPOTENT_EMERGENCY).interrupted())
            .isEmpty();
      }
      assertThat(a.actions("b", 10, 0))
          .singleElement()
          .satisfies(x -> assertThat(x.id()).isEqualTo(action))
          .satisfies(x -> assertThat(x.status()).isEqualTo(ActionStatus.RUNNING));
    }
  }
}
