package dev.botwatch.responder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.botwatch.responder.config.Playbooks;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.NewAction;
import dev.botwatch.responder.model.NewIncident;
import dev.botwatch.responder.model.Recheck;
import dev.botwatch.responder.model.RunKey;
import dev.botwatch.responder.model.RunKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store on its own, on every backend: the dedupe key, claims, the latch, re-checks and what a
 * restart finds.
 */
class SqlStoreTest {
  static final Instant T = Instant.parse("2026-11-22T09:00:00Z");
  @TempDir Path dir;

  Store open(Backend b) {
    return b.open(dir);
  }

  static long incident(Tx tx) {
    return tx.openIncident(new NewIncident("b", "fp", "t0", "A", "soft", Map.of(), Map.of()), T);
  }

  static RunKey key(String step) {
    return new RunKey("b", "fp", "t0", step);
  }

  static NewAction planned(long run, long inc, String playbook, int seq, String step) {
    return new NewAction(run, inc, "b", playbook, seq, step, "http", ActionStatus.PLANNED, null);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void theDedupeKeyClaimsOnceAcrossReopens(Backend b) {
    long inc;
    try (Store s = open(b)) {
      inc = s.write(SqlStoreTest::incident);
      assertThat(s.<Long>write(tx -> tx.claimRun(key("soft"), inc, RunKind.RECOVERY, true, T)))
          .isPositive();
      assertThat(s.<Long>write(tx -> tx.claimRun(key("soft"), inc, RunKind.RECOVERY, true, T)))
          .isEqualTo(-1);
    }
    try (Store s = open(b)) {
      assertThat(s.<Long>write(tx -> tx.claimRun(key("soft"), inc, RunKind.RECOVERY, true, T)))
          .isEqualTo(-1);
      assertThat(s.<Long>write(tx -> tx.claimRun(key("medium"), inc, RunKind.RECOVERY, true, T)))
          .isPositive();
      assertThat(s.<Integer>write(tx -> tx.countedRunsSince("b", T.minusSeconds(1)))).isEqualTo(2);
      assertThat(s.<Integer>write(tx -> tx.countedRunsOfSince("b", Set.of("medium", "x"), T)))
          .isEqualTo(1);
      assertThat(s.<Instant>write(tx -> tx.lastCountedRun("b"))).isEqualTo(T);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aFailedUnitWritesNothingAndItsCallerGetsTheException(Backend b) {
    try (Store s = open(b)) {
      assertThatThrownBy(
              () ->
                  s.write(
                      tx -> {
                        tx.notification(T, "g", "firing", "r", 1);
                        throw new IllegalStateException("boom");
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("boom");
      assertThat(s.countNotifications()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aStepIsClaimedOnceByOneOwner(Backend b) {
    try (Store s = open(b)) {
      long id =
          s.write(
              tx -> {
                long inc = incident(tx);
                long run = tx.claimRun(key("soft"), inc, RunKind.RECOVERY, true, T);
                return tx.planAction(planned(run, inc, "soft", 0, "x"), T);
              });
      assertThat(s.claim(id, "one", T)).isTrue();
      assertThat(s.claim(id, "two", T)).isFalse();
      s.finish(id, ActionStatus.SUCCESS, "ok", T.plusSeconds(1));
      assertThat(s.claim(id, "two", T)).isFalse();
      assertThat(s.actions("b", 10, 0))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.status()).isEqualTo(ActionStatus.SUCCESS);
                assertThat(a.startedAt()).isEqualTo(T);
                assertThat(a.endedAt()).isEqualTo(T.plusSeconds(1));
              });
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void runningBecomesInterruptedAndPlannedRunsComeBackEmergencyFirst(Backend b) {
    try (Store s = open(b)) {
      s.write(
          tx -> {
            long inc = incident(tx);
            long r1 = tx.claimRun(key("soft"), inc, RunKind.RECOVERY, true, T);
            long r2 = tx.claimRun(key("emergency_stop"), inc, RunKind.EMERGENCY, false, T);
            tx.planAction(planned(r1, inc, "soft", 0, "x"), T);
            long a2 = tx.planAction(planned(r2, inc, "emergency_stop", 0, "stop-trading"), T);
            tx.planAction(planned(r2, inc, "emergency_stop", 1, "cancel-orders"), T);
            long a3 = tx.planAction(planned(r2, inc, "emergency_stop", 2, "liquidate"), T);
            tx.claimAction(a2, "old", T);
            tx.claimAction(a3, "old", T);
            tx.latch("b", "alert", T);
            return null;
          });
    }
    try (Store s = open(b)) {
      // One process per SQLite file: everything running was the previous process's. Replicas on
      // PostgreSQL leave it to takeOver, which finds that "old" holds no lease.
      Store.Recovery atStart = s.recoverAtStart(T.plusSeconds(5), Playbooks.IDEMPOTENT_EMERGENCY);
      Store.Recovery rec =
          s.shared() ? s.takeOver(T.plusSeconds(5), Playbooks.IDEMPOTENT_EMERGENCY) : atStart;
      if (s.shared()) {
        assertThat(atStart.interrupted()).isEmpty();
        assertThat(atStart.runs()).isEmpty();
      }
      assertThat(rec.interrupted())
          .extracting(ActionRecord::step)
          .containsExactly("stop-trading", "liquidate");
      // Stopping entries is safe to repeat: it runs again. Liquidation never does.
      assertThat(rec.again()).extracting(ActionRecord::step).containsExactly("stop-trading");
      List<Long> runs = rec.runs();
      assertThat(runs).hasSize(2);
      assertThat(s.runKind(runs.get(0))).isEqualTo(RunKind.EMERGENCY);
      assertThat(s.runActions(runs.get(0)))
          .extracting(ActionRecord::step, ActionRecord::status)
          .containsExactly(
              tuple("stop-trading", ActionStatus.INTERRUPTED),
              tuple("stop-trading", ActionStatus.PLANNED),
              tuple("cancel-orders", ActionStatus.PLANNED),
              tuple("liquidate", ActionStatus.INTERRUPTED));
      assertThat(s.actions("b", 10, 0))
          .filteredOn(a -> a.step().equals("liquidate"))
          .singleElement()
          .satisfies(a -> assertThat(a.detail()).contains("not repeated"));
      assertThat(s.latches()).containsKey("b");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void liquidatedMeansConfirmedNotPlanned(Backend b) {
    try (Store s = open(b)) {
      s.write(tx -> tx.latch("b", "x", T));
      assertThat(s.<Boolean>write(tx -> tx.claimLiquidation("b", T))).isTrue();
      assertThat(s.latches().get("b").liquidated()).isFalse();
      s.write(
          tx -> {
            tx.liquidated("b", T);
            return null;
          });
      assertThat(s.latches().get("b").liquidated()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void liquidationIsClaimedOncePerLatch(Backend b) {
    try (Store s = open(b)) {
      assertThat(s.<Boolean>write(tx -> tx.claimLiquidation("b", T))).isFalse(); // no latch
      assertThat(s.<Boolean>write(tx -> tx.latch("b", "x", T))).isTrue();
      assertThat(s.<Boolean>write(tx -> tx.latch("b", "y", T))).isFalse();
      assertThat(s.<Boolean>write(tx -> tx.claimLiquidation("b", T))).isTrue();
      assertThat(s.<Boolean>write(tx -> tx.claimLiquidation("b", T))).isFalse();
      assertThat(s.<Boolean>write(tx -> tx.unlatch("b", T))).isTrue();
      assertThat(s.<Boolean>write(tx -> tx.latch("b", "z", T))).isTrue();
      assertThat(s.<Boolean>write(tx -> tx.claimLiquidation("b", T))).isTrue(); // a new emergency
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void oneRecheckPerIncidentKeptAcrossReopens(Backend b) {
    try (Store s = open(b)) {
      long inc = s.write(SqlStoreTest::incident);
      assertThat(s.<Boolean>write(tx -> tx.addRecheck(new Recheck(inc, "b", T)))).isTrue();
      assertThat(s.<Boolean>write(tx -> tx.addRecheck(new Recheck(inc, "b", T.plusSeconds(9)))))
          .isFalse();
      s.write(
          tx -> {
            tx.moveRecheck(inc, T.plusSeconds(30));
            return null;
          });
    }
    try (Store s = open(b)) {
      assertThat(s.rechecks()).extracting(Recheck::due).containsExactly(T.plusSeconds(30));
      assertThat(s.<List<Recheck>>write(tx -> tx.dueRechecks("b", T.plusSeconds(29)))).isEmpty();
      assertThat(s.<List<Recheck>>write(tx -> tx.dueRechecks("b", T.plusSeconds(30)))).hasSize(1);
      s.write(
          tx -> {
            tx.dropRecheck(s.rechecks().get(0).incidentId());
            return null;
          });
      assertThat(s.rechecks()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void theWatchdogOnlyMovesForward(Backend b) {
    try (Store s = open(b)) {
      assertThat(s.watchdogLastSeen()).isNull();
      s.write(
          tx -> {
            tx.watchdogSeen(T.plusSeconds(10));
            tx.watchdogSeen(T);
            return null;
          });
      assertThat(s.watchdogLastSeen()).isEqualTo(T.plusSeconds(10));
    }
  }
}
