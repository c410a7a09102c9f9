package dev.botwatch.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.exporter.TestText;
import org.junit.jupiter.api.Test;

class StateMetricsTest {
  @Test
  void aPointCarriesBotThenTheFamilysLabelsInOrder() {
    StateMetrics.Out out = new StateMetrics.Out();
    out.add(StateMetrics.PNL, "paper", -3.5, "daily", "USDT");
    out.add(StateMetrics.OPEN_POSITIONS, "paper", 2.0);
    assertThat(TestText.of(out.build()))
        .contains("bot_pnl{bot=\"paper\",currency=\"USDT\",period=\"daily\"} -3.5")
        .contains("bot_open_positions{bot=\"paper\"} 2.0");
  }

  @Test
  void aFieldTheBotLeftOutAddsNoFamily() {
    StateMetrics.Out out = new StateMetrics.Out();
    out.add(StateMetrics.MAX_POSITIONS, "paper", null);
    assertThat(out.build()).isEmpty();
  }

  @Test
  void aPointWithTheWrongLabelsIsAProgrammingError() {
    assertThatThrownBy(() -> new StateMetrics.Out().add(StateMetrics.BALANCE, "paper", 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bot_balance takes labels [currency]");
  }
}
