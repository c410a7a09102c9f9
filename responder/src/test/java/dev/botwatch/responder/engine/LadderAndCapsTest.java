package dev.botwatch.responder.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.responder.Payloads;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The escalation ladder, the verify window, the caps and retries, on a manual clock. */
class LadderAndCapsTest {
  static final String BOTS =
      """
      bots:
        paper: {control: {base_url: "http://127.0.0.1:1"}, restart: {argv: [restart-paper]}}
      """;

  @TempDir Path dir;
  Fixture f;

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void stillFiringAfterTheVerifyWindowClimbsOneRungPerRepeatThenAsksForAPerson() {
    f = new Fixture(dir, "limits: {cooldown: 0s, verify_window: 5m}\n" + BOTS);
    String soft = Payloads.firing("paper", "soft", "00000000000000c1");
    f.post(soft);
    assertThat(f.actions.calls()).containsExactly("paper:reset-connections");
    f.advance(Duration.ofMinutes(5).minusMillis(1));
    f.post(soft); // a repeat inside the window: nothing
    assertThat(f.actions.calls()).hasSize(1);
    f.advance(Duration.ofMillis(1));
    f.post(soft);
    assertThat(f.actions.calls()).last().isEqualTo("paper:restart-component");
    f.advance(Duration.ofMinutes(5));
    f.post(soft);
    assertThat(f.actions.calls()).last().isEqualTo("paper:restart");
    f.advance(Duration.ofMinutes(5));
    f.post(soft);
    f.advance(Duration.ofMinutes(5));
    f.post(soft); // one notice per incident, however often it repeats
    assertThat(f.actions.calls()).hasSize(3);
    assertThat(f.notices())
        .containsExactly("[botwatch] MANUAL INTERVENTION NEEDED: BotApiErrorRateHigh on paper");
  }

  @Test
  void theHourlyCapStopsRecoveryAndEachIncidentAsksForAPersonOnce() {
    f = new Fixture(dir, "limits: {cooldown: 0s, max_actions_per_hour: 2}\n" + BOTS);
    for (int i = 1; i <= 4; i++) {
      f.post(Payloads.firing("paper", "soft", String.format("%016x", i)));
      f.post(Payloads.firing("paper", "soft", String.format("%016x", i)));
    }
    assertThat(f.actions.calls()).hasSize(2);
    assertThat(f.rows("paper")).filteredOn(r -> r.step().equals("manual-intervention")).hasSize(2);
    assertThat(f.counter("responder_actions_total", "outcome", "rate_limited")).isEqualTo(4);
    // Once the first runs are more than an hour old, the cap has room again.
    f.advance(Duration.ofHours(1));
    f.post(Payloads.firing("paper", "soft", String.format("%016x", 8)));
    assertThat(f.actions.calls()).hasSize(2);
    f.advance(Duration.ofMillis(1));
    f.post(Payloads.firing("paper", "soft", String.format("%016x", 9)));
    assertThat(f.actions.calls()).hasSize(3);
  }

  @Test
  void theRestartCapCountsOnlyRestartPlaybooks() {
    f = new Fixture(dir, "limits: {cooldown: 0s, max_restarts_per_hour: 1}\n" + BOTS);
    f.post(Payloads.firing("paper", "hard", "00000000000000a1"));
    f.post(Payloads.firing("paper", "hard", "00000000000000a2"));
    f.post(Payloads.firing("paper", "soft", "00000000000000a3"));
    assertThat(f.actions.calls()).containsExactly("paper:restart", "paper:reset-connections");
    assertThat(f.counter("responder_actions_total", "playbook", "hard", "outcome", "rate_limited"))
        .isEqualTo(1);
  }

  @Test
  void retriesBackOffOnTheClockUntilTheDeadline() {
    f =
        new Fixture(
            dir,
            """
            limits:
              retry: {initial_backoff: 1s, multiplier: 2.0, max_attempts: 4, deadline: 30s}
            """
                + BOTS);
    f.actions.script(
        "reset-connections",
        Outcome.retryable("503"),
        Outcome.retryable("503"),
        Outcome.success("200"));
    f.post(Payloads.firing("paper", "soft", "00000000000000b1"));
    assertThat(f.actions.calls()).hasSize(3);
    // 1 s, then 2 s of backoff, measured on the manual clock: nothing slept.
    assertThat(f.clock.instant()).isEqualTo(Fixture.T0.plusSeconds(3));
    ActionRecord row = f.rows("paper").get(0);
    assertThat(row.status()).isEqualTo(ActionStatus.SUCCESS);
    assertThat(row.detail()).contains("after 3 attempts");
  }

  @Test
  void aResolvedAlertClosesTheIncidentAndARepeatOfItRunsNothing() {
    f = new Fixture(dir, "limits: {cooldown: 0s, verify_window: 1m}\n" + BOTS);
    f.post(Payloads.firing("paper", "soft", "00000000000000d1"));
    f.post(Payloads.resolved("paper", "soft", "00000000000000d1"));
    assertThat(f.notices()).containsExactly("[botwatch] RECOVERED: BotApiErrorRateHigh on paper");
    f.advance(Duration.ofMinutes(2));
    f.post(Payloads.firing("paper", "soft", "00000000000000d1")); // a late repeat
    assertThat(f.actions.calls()).containsExactly("paper:reset-connections");
    assertThat(f.store.openIncidents()).isEmpty();
  }
}
