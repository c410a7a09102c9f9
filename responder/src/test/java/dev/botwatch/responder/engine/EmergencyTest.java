package dev.botwatch.responder.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.botwatch.responder.Payloads;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emergency stops on a manual clock: every step attempted whatever the breaker and earlier failures
 * say, the stopping step last, liquidation once per latch and never retried, a critical notice when
 * the bot could not be stopped, resume that clears the latch only on success.
 */
class EmergencyTest {
  static final String CONFIG =
      """
      limits:
        cooldown: 0s
        retry: {initial_backoff: 1s, max_attempts: 3, deadline: 30s}
        breaker: {max_failures: 1, reset_timeout: 10m}
      bots:
        paper: {control: {base_url: "http://127.0.0.1:1"}, liquidation_enabled: true}
      """;

  @TempDir Path dir;
  Fixture f;

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void anOpenBreakerSkipsNoEmergencyStepAndAFailedStopAsksForAPersonFirst() {
    f = new Fixture(dir, CONFIG);
    for (String s : new String[] {"reset-connections", "stop-trading", "cancel-orders"}) {
      f.actions.always(s, Outcome.retryable("503"));
    }
    f.actions.always("liquidate", Outcome.retryable("timeout"));
    f.actions.always("emergency-mode", Outcome.permanent("404"));
    f.post(Payloads.firing("paper", "soft", "00000000000000f1")); // opens the breaker
    f.post(Payloads.firing("paper", "emergency_stop", "00000000000000f2"));
    assertThat(f.actions.calls())
        .containsExactly(
            "paper:reset-connections",
            "paper:stop-trading",
            "paper:stop-trading",
            "paper:stop-trading",
            "paper:cancel-orders",
            "paper:cancel-orders",
            "paper:cancel-orders",
            "paper:liquidate", // once: never retried
            "paper:emergency-mode"); // last, and permanent: not retried
    assertThat(f.rows("paper"))
        .filteredOn(r -> r.playbook().equals("emergency_stop"))
        .extracting(ActionRecord::step, ActionRecord::status)
        .containsExactly(
            tuple("stop-trading", ActionStatus.FAILURE),
            tuple("cancel-orders", ActionStatus.FAILURE),
            tuple("liquidate", ActionStatus.FAILURE),
            tuple("emergency-mode", ActionStatus.FAILURE));
    assertThat(f.notices())
        .containsExactly(
            "[botwatch] CRITICAL: MANUAL INTERVENTION NEEDED: emergency stop did not stop paper",
            "[botwatch] EMERGENCY STOP executed on paper (some steps FAILED)");
    assertThat(f.store.latches().get("paper").liquidated()).isFalse();
    assertThat(f.counter("responder_emergency_active", "bot", "paper")).isEqualTo(1);
  }

  @Test
  void liquidationRunsOncePerLatchHoweverManyEmergencies() {
    f = new Fixture(dir, CONFIG);
    f.post(Payloads.firing("paper", "emergency_stop", "00000000000000e1"));
    f.post(Payloads.firing("paper", "emergency_stop", "00000000000000e2"));
    assertThat(f.actions.calls()).filteredOn(c -> c.endsWith(":liquidate")).hasSize(1);
    assertThat(f.store.latches().get("paper").liquidated()).isTrue();
    assertThat(f.engine.emergency().stop("paper", "manual")).isFalse(); // already latched
    // Resume clears the latch; the next emergency may liquidate again.
    var resumed = f.engine.emergency().resume("paper"); // on the bot's queue
    assertThat(resumed).isNotDone();
    f.workers.runAll();
    assertThat(resumed.join().ok()).isTrue();
    assertThat(f.store.latches()).isEmpty();
    assertThat(f.engine.emergency().stop("paper", "manual: again")).isTrue();
    f.workers.runAll();
    assertThat(f.actions.calls()).filteredOn(c -> c.endsWith(":liquidate")).hasSize(2);
  }

  @Test
  void aFailedResumeKeepsTheLatch() {
    f = new Fixture(dir, CONFIG);
    f.actions.always("resume", Outcome.permanent("409 not latched"));
    assertThat(f.engine.emergency().stop("paper", "manual")).isTrue();
    f.workers.runAll();
    var resumed = f.engine.emergency().resume("paper");
    f.workers.runAll();
    assertThat(resumed.join().ok()).isFalse();
    assertThat(f.store.latches()).containsKey("paper");
    // Recovery stands down while latched: recorded, nothing called.
    f.advance(Duration.ofMinutes(1));
    f.post(Payloads.firing("paper", "soft", "00000000000000c1"));
    assertThat(f.actions.calls()).doesNotContain("paper:reset-connections");
  }

  @Test
  void anInterruptedIdempotentStepRunsAgainAfterARestartAndTheLiquidationNever() {
    f = new Fixture(dir, CONFIG);
    f.post(Payloads.firing("paper", "emergency_stop", "00000000000000e1"));
    // As if the process had died in the middle of the last two steps.
    ActionRecord liquidate = row("liquidate");
    ActionRecord stop = row("emergency-mode");
    f.store.write(
        tx -> {
          tx.finishAction(liquidate.id(), ActionStatus.RUNNING, null, f.clock.instant());
          tx.finishAction(stop.id(), ActionStatus.RUNNING, null, f.clock.instant());
          return null;
        });
    int before = f.actions.calls().size();
    f.close();
    f = new Fixture(dir, CONFIG, f);
    assertThat(f.actions.calls()).containsExactly("paper:emergency-mode");
    assertThat(f.rows("paper"))
        .filteredOn(r -> r.playbook().equals("emergency_stop"))
        .extracting(ActionRecord::step, ActionRecord::status)
        .containsExactly(
            tuple("stop-trading", ActionStatus.SUCCESS),
            tuple("cancel-orders", ActionStatus.SUCCESS),
            tuple("liquidate", ActionStatus.INTERRUPTED),
            tuple("emergency-mode", ActionStatus.INTERRUPTED),
            tuple("emergency-mode", ActionStatus.SUCCESS));
    assertThat(before).isEqualTo(4);
    assertThat(f.store.latches()).containsKey("paper");
  }

  private ActionRecord row(String step) {
    return f.rows("paper").stream().filter(r -> r.step().equals(step)).findFirst().orElseThrow();
  }
}
