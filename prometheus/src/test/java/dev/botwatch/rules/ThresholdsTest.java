package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** thresholds.yml writes durations in botwatch's one syntax, Prometheus' own. */
class ThresholdsTest {
  static Thresholds of(String value) {
    return new Thresholds(
        Tools.YAML.createObjectNode().set("X", Tools.YAML.createObjectNode().put("for", value)));
  }

  @ParameterizedTest
  @CsvSource({"90s, 90", "5m, 300", "1h30m, 5400", "2d, 172800", "1500ms, 1"})
  void durationsAreSecondsForForAndForNumbers(String text, long seconds) {
    assertThat(of(text).seconds("X", "for", "production")).isEqualTo(seconds);
    assertThat(of(text).num("X", "for", "production")).isEqualTo(seconds);
  }

  @ParameterizedTest
  @ValueSource(strings = {"30m1h", "5M", "5 m", "soon"})
  void aDurationPrometheusWouldRefuseIsAnErrorNamingItsPath(String text) {
    assertThatThrownBy(() -> of(text).seconds("X", "for", "production"))
        .hasMessageContaining("thresholds.yml: X.for");
  }
}
