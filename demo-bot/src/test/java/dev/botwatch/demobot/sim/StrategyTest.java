package dev.botwatch.demobot.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrategyTest {
  @Test
  void defaultsRoundTrip() {
    Strategy.Check c = Strategy.parse(Strategy.DEFAULT.toJson());
    assertThat(c.isValid()).isTrue();
    assertThat(c.strategy()).isEqualTo(Strategy.DEFAULT);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"strategy\": \"m\", \"max_positions\": 5, \"pairs\": [\"BTC/ | invalid JSON at line 1",
        "[1, 2] | must be a JSON object",
        "{\"max_positions\": 5, \"stake_amount\": 1, \"pairs\": [\"A\"]} | strategy must be",
        "{\"strategy\": \"m\", \"max_positions\": 0, \"stake_amount\": 1, \"pairs\": [\"A\"]} | max_positions",
        "{\"strategy\": \"m\", \"max_positions\": 2.5, \"stake_amount\": 1, \"pairs\": [\"A\"]} | max_positions",
        "{\"strategy\": \"m\", \"max_positions\": 2, \"stake_amount\": -1, \"pairs\": [\"A\"]} | stake_amount",
        "{\"strategy\": \"m\", \"max_positions\": 2, \"stake_amount\": 1, \"pairs\": []} | pairs must be",
        "{\"strategy\": \"m\", \"max_positions\": 2, \"stake_amount\": 1, \"pairs\": [3]} | pairs must hold",
      })
  void invalidFilesSayWhy(String text, String error) {
    Strategy.Check c = Strategy.parse(text);
    assertThat(c.isValid()).isFalse();
    assertThat(c.error()).startsWith(error);
  }
}
