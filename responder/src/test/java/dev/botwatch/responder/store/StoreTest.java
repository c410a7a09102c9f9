package dev.botwatch.responder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.botwatch.responder.config.Playbooks;
import dev.botwatch.responder.model.ActionRecord;
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
      long a3 =
          s.transaction(
              tx ->
                  tx.planAction(
                      r2, inc, "b", "emergency_stop", 2, "liquidate", "http", "planned", null, T));
      s.started(a3, T);
      s.transaction(tx -> tx.latch("b", "alert", T));
      assertThat(a1).isPositive();
    }
    try (Store s = open()) {
      Store.Recovery rec = s.recoverAtStart(T.plusSeconds(5), Playbooks.IDEMPOTENT_EMERGENCY);
      assertThat(rec.interrupted())
          .extracting(ActionRecord::step)
          .containsExactly("stop-trading", "liquidate");
      // Stopping entries is safe to repeat: it runs again. Liquidation never does.
      assertThat(rec.again()).extracting(ActionRecord::step).containsExactly("stop-trading");
      List<Long> runs = rec.runs();
      assertThat(runs).hasSize(2);
      assertThat(s.runKind(runs.get(0))).isEqualTo("emergency");
      assertThat(s.runActions(runs.get(0)))
          .extracting(ActionRecord::step, ActionRecord::status)
          .containsExactly(
              tuple("stop-trading", "interrupted"),
              tuple("stop-trading", "planned"),
              tuple("cancel-orders", "planned"),
              tuple("liquidate", "interrupted"));
      assertThat(s.actions("b", 10, 0))
          .filteredOn(a -> a.step().equals("liquidate"))
          .singleElement()
          .satisfies(a -> assertThat(a.detail()).contains("not repeated"));
      assertThat(s.latches()).containsKey("b");
    }
  }

  @Test
  void liquidatedMeansConfirmedNotPlanned() {
    try (Store s = open()) {
      s.transaction(tx -> tx.latch("b", "x", T));
      assertThat(s.<Boolean>transaction(tx -> tx.claimLiquidation("b", T))).isTrue();
      assertThat(s.latches().get("b").liquidated()).isFalse();
      s.liquidated("b", T);
      assertThat(s.latches().get("b").liquidated()).isTrue();
    }
  }

  @Test
  void anOlderStoreKeepsItsLiquidationClaim() throws Exception {
    Path old = dir.resolve("old.db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old);
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE emergency (bot TEXT PRIMARY KEY, active INTEGER NOT NULL, since_ms"
              + " INTEGER, reason TEXT, liquidated INTEGER NOT NULL DEFAULT 0, updated_ms INTEGER"
              + " NOT NULL)");
      st.execute("INSERT INTO emergency VALUES ('b', 1, 0, 'x', 1, 0)");
    }
    try (Store s = Store.open(old.toString())) {
      assertThat(s.<Boolean>transaction(tx -> tx.claimLiquidation("b", T))).isFalse();
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
