package dev.botwatch.responder.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.testing.ManualClock;
import dev.botwatch.responder.config.LimitsConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The breaker rules on a manual clock: open after max_failures in a row, one trial after. */
class BreakersTest {
  final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T09:00:00Z"));
  static final Duration MS = Duration.ofMillis(1);

  Breakers breakers(int maxFailures, Duration reset) {
    return new Breakers(
        new LimitsConfig.BreakerConfig(maxFailures, reset),
        clock,
        new ResponderMetrics(new PrometheusRegistry()));
  }

  @Test
  void opensAfterMaxFailuresInARowHalfOpensAfterTheResetAndClosesOnASuccess() {
    Breakers b = breakers(2, Duration.ofSeconds(30));
    assertThat(b.allow("t")).isTrue();
    b.record("t", false, MS);
    assertThat(b.allow("t")).isTrue();
    b.record("t", false, MS);
    assertThat(b.states()).containsEntry("t", "open");
    clock.advance(Duration.ofSeconds(30));
    assertThat(b.allow("t")).isFalse();
    clock.advance(MS);
    assertThat(b.allow("t")).isTrue(); // the one trial
    assertThat(b.allow("t")).isFalse();
    b.record("t", true, MS);
    assertThat(b.states()).containsEntry("t", "closed");
  }

  @Test
  void aSuccessBetweenFailuresKeepsItClosed() {
    Breakers b = breakers(2, Duration.ofSeconds(30));
    b.record("t", false, MS);
    b.record("t", true, MS);
    b.record("t", false, MS);
    assertThat(b.allow("t")).isTrue();
  }

  @Test
  void aFailedTrialReopens() {
    Breakers b = breakers(1, Duration.ofSeconds(10));
    b.record("t", false, MS);
    clock.advance(Duration.ofSeconds(10).plus(MS));
    assertThat(b.allow("t")).isTrue();
    b.record("t", false, MS);
    assertThat(b.states()).containsEntry("t", "open");
    assertThat(b.allow("t")).isFalse();
  }

  @Test
  void callsThatAskedNoPermissionStillCountAndTargetsAreSeparate() {
    Breakers b = breakers(2, Duration.ofSeconds(30));
    b.record("t", false, MS); // an emergency call: no permission asked
    b.record("t", false, MS);
    assertThat(b.allow("t")).isFalse();
    b.record("t", false, MS); // emergency calls go on while open; still recorded, no error
    assertThat(b.allow("other")).isTrue();
  }
}
