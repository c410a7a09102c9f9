package dev.botwatch.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.botwatch.e2e.support.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton's proof: a bot's API starts failing, and without anyone touching it
 * Prometheus fires BotApiErrorRateHigh from the shipped rules, Alertmanager delivers it with the
 * shipped routing, the responder calls the bot's reset-connections exactly once, the bot heals, and
 * the alert resolves. Every program is the real one, started by bin/stack; the rules' windows are
 * compressed 30×.
 */
class ApiErrorLoopIT {
  @TempDir Path dir;

  @Test
  void apiErrorsAreRepairedByResetConnectionsExactlyOnce() {
    Stack.Options o = new Stack.Options();
    o.alerts = Set.of("BotApiErrorRateHigh", "Watchdog");
    try (Stack s = Stack.start(dir, o)) {
      try {
        run(s);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + s.logs(), e);
      }
    }
  }

  private void run(Stack s) {
    s.awaitApiTraffic();
    assertThat(s.prometheus.alerts("BotApiErrorRateHigh", null)).isEmpty();

    long t0 = System.nanoTime();
    s.fault("api_errors");
    s.awaitFiring("BotApiErrorRateHigh", Duration.ofSeconds(60));
    long firing = System.nanoTime();
    await("the responder to call reset-connections")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> s.controlCalls("reset-connections") >= 1);
    long called = System.nanoTime();
    System.out.printf(
        "fault -> firing %.1f s, firing -> control call %.1f s, fault -> control call %.1f s%n",
        (firing - t0) / 1e9, (called - firing) / 1e9, (called - t0) / 1e9);

    s.awaitResolved("BotApiErrorRateHigh", Duration.ofSeconds(60));
    // Alertmanager delivers the resolution; the responder closes the incident and says so by
    // mail. That notice is the last of the episode, so once it is here the count is final: the
    // critical/warning pair and any duplicate must not have made it act twice.
    await("the responder's recovered notice")
        .atMost(Duration.ofSeconds(60))
        .until(() -> s.mailed("RECOVERED: BotApiErrorRateHigh"));
    assertThat(s.controlCalls("reset-connections")).isEqualTo(1);
    assertThat(s.botStatus().path("faults").toString()).doesNotContain("api_errors");

    // The critical alert also went to a person.
    await("the critical alert's email")
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> s.mail.getReceivedMessages().length > 0);
    // The responder counted its success where Prometheus (and BotwatchRecoveryFailing) sees it.
    await("responder_actions_total to show the success")
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () ->
                !s.prometheus
                    .query("responder_actions_total{bot=\"paper\",outcome=\"success\"} > 0")
                    .isEmpty());
  }
}
