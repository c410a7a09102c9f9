package dev.botwatch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Prometheus' duration syntax, as every botwatch config writes durations. */
class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "10s, PT10S",
    "5m, PT5M",
    "1h, PT1H",
    "1h30m, PT1H30M",
    "1m30s500ms, PT1M30.5S",
    "2d, PT48H",
    "1w, PT168H",
    "1y, PT8760H",
    "0, PT0S",
    "0s, PT0S",
    "' 5m ', PT5M",
    "PT5M, PT5M",
  })
  void parses(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5x", "m", "-5m", "30m1h", "1.5h", "5 m", "1h1h"})
  void refusesWhatPrometheusRefuses(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duration");
  }
}
