package dev.botwatch.responder.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.responder.watchdog.WatchdogTracker.Check;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatchdogTrackerTest {
  static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
  static final Duration MISSING_AFTER = Duration.ofMinutes(10);

  WatchdogTracker wd = new WatchdogTracker(MISSING_AFTER, T0);

  @ParameterizedTest(name = "{0} ms after the last Watchdog -> {1}")
  @CsvSource({"0, OK", "1, OK", "599999, OK", "600000, ALERT", "600001, ALERT", "86400000, ALERT"})
  void boundaryAfterLastSeen(long millis, Check expected) {
    Instant seen = T0.plusSeconds(30);
    wd.seen(seen);

    assertThat(wd.check(seen.plusMillis(millis))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "never seen, {0} ms after start -> {1}")
  @CsvSource({"599999, OK", "600000, ALERT"})
  void neverSeenCountsFromStart(long millis, Check expected) {
    assertThat(wd.check(T0.plusMillis(millis))).isEqualTo(expected);
    assertThat(wd.status().lastSeen()).isNull();
  }

  @Test
  void alertsExactlyOncePerSilence() {
    wd.seen(T0);

    assertThat(wd.check(T0.plus(MISSING_AFTER))).isEqualTo(Check.ALERT);
    for (int i = 1; i <= 100; i++) {
      assertThat(wd.check(T0.plus(MISSING_AFTER).plusSeconds(i * 60L)))
          .isEqualTo(Check.STILL_MISSING);
    }
    assertThat(wd.status().missing()).isTrue();
    assertThat(wd.status().alertedAt()).isEqualTo(T0.plus(MISSING_AFTER));
  }

  @Test
  void reArmsAfterTheNextWatchdog() {
    wd.seen(T0);
    assertThat(wd.check(T0.plus(MISSING_AFTER))).isEqualTo(Check.ALERT);

    Instant back = T0.plus(Duration.ofMinutes(30));
    assertThat(wd.seen(back)).as("ends a reported silence").isTrue();
    assertThat(wd.seen(back.plusSeconds(60))).as("nothing was reported since").isFalse();

    assertThat(wd.status().missing()).isFalse();
    assertThat(wd.status().lastSeen()).isEqualTo(back.plusSeconds(60));
    assertThat(wd.check(back.plusSeconds(60).plus(MISSING_AFTER).minusMillis(1)))
        .isEqualTo(Check.OK);
    assertThat(wd.check(back.plusSeconds(60).plus(MISSING_AFTER))).isEqualTo(Check.ALERT);
  }

  @Test
  void anOlderTimestampDoesNotMoveLastSeenBack() {
    wd.seen(T0.plusSeconds(100));
    wd.seen(T0.plusSeconds(50));

    assertThat(wd.status().lastSeen()).isEqualTo(T0.plusSeconds(100));
    assertThat(wd.status().since()).isEqualTo(T0);
    assertThat(wd.status().missingAfter()).isEqualTo(MISSING_AFTER);
  }

  @Test
  void missingAfterMustBePositive() {
    assertThatThrownBy(() -> new WatchdogTracker(Duration.ZERO, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
