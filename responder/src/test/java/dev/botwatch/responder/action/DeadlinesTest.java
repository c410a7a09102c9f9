package dev.botwatch.responder.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeadlinesTest {
  static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

  @ParameterizedTest(name = "timeout {0} ms, deadline in {1} ms -> {2} ms")
  @CsvSource({
    "5000, 60000, 5000", // plenty of time: the configured timeout
    "5000, 5000, 5000",
    "5000, 1200, 1200", // the deadline is nearer
    "5000, 1, 1",
    "5000, 0, 5000", // deadline now or past: the executor decides; keep the timeout
    "5000, -3000, 5000",
  })
  void cutsTheTimeoutToTheDeadline(long timeout, long deadlineIn, long expected) {
    assertThat(
            Deadlines.within(Duration.ofMillis(timeout), NOW.plusMillis(deadlineIn), NOW)
                .toMillis())
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "no deadline keeps {0} ms")
  @CsvSource({"1", "30000"})
  void noDeadline(long timeout) {
    assertThat(Deadlines.within(Duration.ofMillis(timeout), null, NOW))
        .isEqualTo(Duration.ofMillis(timeout));
  }
}
