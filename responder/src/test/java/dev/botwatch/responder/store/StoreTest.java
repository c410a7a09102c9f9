package dev.botwatch.responder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on its own: the dedupe key, the latch, and what a restart finds. */
class StoreTest {
  static final Instant T = Instant.parse("2026-11-22T09:00:00Z");
  @TempDir Path dir;

  Store open() {
    return Store.open(dir.resolve("s.db").toString());
  }

  @Test
  void theDedupeKeyClaimsOnceAcrossReopens() {
    long inc;
    try (Store s = open()) {
      inc =
          s.transaction(tx -> tx.openIncident("b", "fp", "t0", "A", "soft", Map.of(), Map.of(), T));
      assertThat(
              s.<Long>transaction(
                  tx -> tx.claimRun(inc, "b", "fp", "t0", "soft", "recovery", true, T)))
          .isPositive();
      assertThat(
              s.<Long>transaction(
                  tx -> tx.claimRun(inc, "b", "fp", "t0", "soft", "recovery", true, T)))
          .isEqualTo(-1);
    }
    try (Store s = open()) {
      assertThat(
              s.<Long>transaction(
                  tx -> tx.claimRun(inc, "b", "fp", "t0", "soft", "recovery", true, T)))
          .isEqualTo(-1);
      assertThat(
              s.<Long>transaction(
                  tx -> tx.claimRun(inc, "b", "fp", "t0", "medium", "recovery", true, T)))
          .isPositive();
      assertThat(s.<Integer>transaction(tx -> tx.countedRunsSince("b", T.minusSeconds(1))))
          .isEqualTo(2);
    }
  }

  @Test
  void aFailedTransactionWritesNothing() {
    try (Store s = open()) {
      try {
        s.transaction(
            tx -> {
              tx.notification(T, "g", "firing", "r", 1);
              throw new IllegalStateException("boom");
            });
      } catch (IllegalStateException expected) {
        // rolled back
      }
      assertThat(s.countNotifications()).isZero();
    }
  }

  @Test
  void runningBecomesInterruptedAndPlannedRunsComeBackEmergencyFirst() {
    try (Store s = open()) {
      long inc =
          s.transaction(tx -> tx.openIncident("b", "fp", "t0", "A", "soft", Map.of(), Map.of(), T));
      long r1 = s.transaction(tx -> tx.claimRun(inc, "b", "fp", "t0", "soft", "recovery", true, T));
      long r2 =
          s.transaction(
              tx -> tx.claimRun(inc, "b", "fp", "t0", "emergency_stop", "emergency", false, T));
      long a1 =
          s.transaction(
              tx -> tx.planAction(r1, inc, "b", "soft", 0, "x", "http", "planned", null, T));
      long a2 =
          s.transaction(
              tx ->
                  tx.planAction(
                      r2,
                      inc,
                      "b",
                      "emergency_stop",
                      0,
                      "stop-trading",
                      "http",
                      "planned",
                      null,
                      T));
      s.transaction(
          tx ->
              tx.planAction(
                  r2, inc, "b", "emergency_stop", 1, "cancel-orders", "http", "planned", null, T));
      s.started(a2, T);
      s.transaction(tx -> tx.latch("b", "alert", T));
      assertThat(a1).isPositive();
    }
    try (Store s = open()) {
      Store.Recovery rec = s.recoverAtStart(T.plusSeconds(5));
      assertThat(rec.interrupted()).extracting(ActionRecord::step).containsExactly("stop-trading");
      List<Long> runs = rec.runs();
      assertThat(runs).hasSize(2);
      assertThat(s.runKind(runs.get(0))).isEqualTo("emergency");
      assertThat(s.actions("b", 10, 0))
          .filteredOn(a -> a.step().equals("stop-trading"))
          .singleElement()
          .satisfies(a -> assertThat(a.status()).isEqualTo("interrupted"));
      assertThat(s.latches()).containsKey("b");
    }
  }

  @Test
  void liquidationIsClaimedOncePerLatch() {
    try (Store s = open()) {
      assertThat(s.<Boolean>transaction(tx -> tx.claimLiquidation("b", T))).isFalse(); // no latch
      assertThat(s.<Boolean>transaction(tx -> tx.latch("b", "x", T))).isTrue();
      assertThat(s.<Boolean>transaction(tx -> tx.latch("b", "y", T))).isFalse();
      assertThat(s.<Boolean>transaction(tx -> tx.claimLiquidation("b", T))).isTrue();
      assertThat(s.<Boolean>transaction(tx -> tx.claimLiquidation("b", T))).isFalse();
      assertThat(s.unlatch("b", T)).isTrue();
      assertThat(s.<Boolean>transaction(tx -> tx.latch("b", "z", T))).isTrue();
      assertThat(s.<Boolean>transaction(tx -> tx.claimLiquidation("b", T)))
          .isTrue(); // a new emergency
    }
  }
}
