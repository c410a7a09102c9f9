package dev.botwatch.responder.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.botwatch.responder.Payloads;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two responder replicas on one PostgreSQL store, as behind two clustered Alertmanagers that both
 * deliver: the same notifications reach both at once, and the database decides who runs what. Each
 * step runs exactly once; caps and the emergency latch hold across both; a replica that stopped in
 * the middle of an action leaves it to the other once its lease lapsed.
 */
class ReplicasTest {
  static final String CONFIG =
      """
      limits: {cooldown: 0s, max_actions_per_hour: 3}
      bots:
        paper: {control: {base_url: "http://127.0.0.1:1"}, liquidation_enabled: true}
      """;
  static final int N = 40;

  @TempDir Path dir;
  Fixture a;
  Fixture b;

  @AfterEach
  void close() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  /** Records body {@code i} on replica a (even i) or b (odd i), all released at once. */
  void race(IntFunction<String> body) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(N);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        Fixture to = i % 2 == 0 ? a : b;
        String payload = body.apply(i);
        done.add(
            callers.submit(
                () -> {
                  go.await(10, TimeUnit.SECONDS);
                  return to.record(payload);
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS); // every one acknowledged: none failed
      }
    } finally {
      callers.shutdownNow();
    }
    a.workers.runAll();
    b.workers.runAll();
  }

  List<String> calls() {
    List<String> all = new ArrayList<>(a.actions.calls());
    all.addAll(b.actions.calls());
    return all;
  }

  @Test
  void fortyTwinNotificationsRunTheStepOnce() throws Exception {
    a = Fixture.replica(dir, CONFIG, "a");
    b = Fixture.replica(dir, CONFIG, "b");
    race(i -> Payloads.firing("paper", "soft", "00000000000000c1"));
    assertThat(calls()).containsExactly("paper:reset-connections");
    assertThat(a.store.countNotifications()).isEqualTo(N);
    assertThat(b.rows("paper"))
        .extracting(ActionRecord::step, ActionRecord::status)
        .containsExactly(tuple("reset-connections", ActionStatus.SUCCESS));
  }

  @Test
  void theHourlyCapIsExactAcrossReplicas() throws Exception {
    a = Fixture.replica(dir, CONFIG, "a");
    b = Fixture.replica(dir, CONFIG, "b");
    // Forty different incidents of one bot, half to each replica: the cap allows three runs.
    race(i -> Payloads.firing("paper", "soft", String.format("%016x", 0x100 + i)));
    assertThat(calls()).hasSize(3).containsOnly("paper:reset-connections");
    assertThat(a.store.<Integer>write(tx -> tx.countedRunsSince("paper", Fixture.T0))).isEqualTo(3);
  }

  @Test
  void oneLatchAndOneLiquidationForEmergenciesOnBothReplicas() throws Exception {
    a = Fixture.replica(dir, CONFIG, "a");
    b = Fixture.replica(dir, CONFIG, "b");
    race(i -> Payloads.firing("paper", "emergency_stop", String.format("%016x", 0xe00 + i)));
    assertThat(calls()).filteredOn(c -> c.endsWith(":liquidate")).hasSize(1);
    assertThat(a.store.latches()).containsOnlyKeys("paper");
    assertThat(b.store.latches().get("paper").liquidated()).isTrue();
    assertThat(a.engine.emergency().stop("paper", "manual")).isFalse(); // latched, by either
  }

  @Test
  void aReplicaThatStopsMidActionLeavesItInterruptedAndTheOtherFinishes() {
    a = Fixture.replica(dir, CONFIG, "a");
    b = Fixture.replica(dir, CONFIG, "b");
    a.record(Payloads.firing("paper", "emergency_stop", "00000000000000e1"));
    b.record(Payloads.firing("paper", "emergency_stop", "00000000000000e1")); // its twin
    b.workers.runAll();
    assertThat(b.actions.calls()).isEmpty(); // a claimed the run
    // a starts the first step and dies in it: the step stays running, the rest planned.
    List<ActionRecord> planned = a.rows("paper");
    assertThat(a.store.claim(planned.get(0).id(), "a", a.clock.instant())).isTrue();
    a.close();
    a = null;

    // a's lease (15 s from its start) has not lapsed: nothing of it is taken.
    b.advance(Duration.ofSeconds(10));
    assertThat(b.actions.calls()).isEmpty();
    b.advance(Duration.ofSeconds(10));
    assertThat(b.actions.calls())
        .containsExactly(
            "paper:stop-trading", "paper:cancel-orders", "paper:liquidate", "paper:emergency-mode");
    assertThat(b.rows("paper"))
        .filteredOn(r -> r.playbook().equals("emergency_stop"))
        .extracting(ActionRecord::step, ActionRecord::status)
        .containsExactly(
            tuple("stop-trading", ActionStatus.INTERRUPTED),
            tuple("cancel-orders", ActionStatus.SUCCESS),
            tuple("liquidate", ActionStatus.SUCCESS),
            tuple("emergency-mode", ActionStatus.SUCCESS),
            tuple("stop-trading", ActionStatus.SUCCESS));
    assertThat(
            b.counter(
                "responder_actions_total", "action", "stop-trading", "outcome", "interrupted"))
        .isEqualTo(1);
  }
}
