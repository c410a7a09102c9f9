package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Outputs of Prometheus' Go template functions ({@code humanize}, {@code humanize1024}, {@code
 * humanizeDuration}, {@code humanizePercentage}), as promtool rendered them for the same inputs.
 */
class HumanizeTest {
  @Test
  void matchesPrometheus() {
    assertThat(Humanize.humanize(0.6)).isEqualTo("600m");
    assertThat(Humanize.humanize(1100)).isEqualTo("1.1k");
    assertThat(Humanize.humanize(12345)).isEqualTo("12.35k");
    assertThat(Humanize.percentage(0.5)).isEqualTo("50%");
    assertThat(Humanize.percentage(0.00055)).isEqualTo("0.055%");
    assertThat(Humanize.duration(3700)).isEqualTo("1h 1m 40s");
    assertThat(Humanize.duration(0.9)).isEqualTo("900ms");
    assertThat(Humanize.duration(5.5)).isEqualTo("5.5s");
    assertThat(Humanize.humanize1024(440 * 1024 * 1024)).isEqualTo("440Mi");
    assertThat(Humanize.g4(123456789)).isEqualTo("1.235e+08");
    assertThat(Humanize.g4(0.00001234)).isEqualTo("1.234e-05");
  }
}
