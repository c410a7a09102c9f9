package dev.botwatch.responder.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

  @Test
  void opensAfterMaxFailuresHalfOpensAfterResetAndClosesOnSuccess() {
    CircuitBreaker b = new CircuitBreaker(2, Duration.ofSeconds(30));
    b.record(false, T0);
    assertThat(b.state(T0)).isEqualTo(CircuitBreaker.State.CLOSED);
    b.record(false, T0);
    assertThat(b.state(T0)).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(b.allow(T0.plusSeconds(29))).isFalse();
    assertThat(b.allow(T0.plusSeconds(30))).isTrue();
    assertThat(b.allow(T0.plusSeconds(30))).isFalse(); // one trial at a time
    b.record(true, T0.plusSeconds(31));
    assertThat(b.state(T0.plusSeconds(31))).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aFailedTrialReopens() {
    CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(10));
    b.record(false, T0);
    assertThat(b.allow(T0.plusSeconds(10))).isTrue();
    b.record(false, T0.plusSeconds(10));
    assertThat(b.state(T0.plusSeconds(15))).isEqualTo(CircuitBreaker.State.OPEN);
  }
}
