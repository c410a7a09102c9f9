package dev.botwatch.exporter.collect.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.botwatch.exporter.TestText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Freqtrade as it is: unfilled entries are not positions, and entries stopped is its own trading
 * state, on the replies of both API generations (2023.x with {@code open_order_id}, 2024.1+ with
 * {@code has_open_orders} and amount 0 until filled; {@code paused} from 2025.4).
 */
class FreqtradeTradesTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode fixture(String name) throws Exception {
    return JSON.readTree(Files.readString(Path.of("src/test/resources/source/freqtrade", name)));
  }

  @Test
  void aFreqtrade2024ReplyCountsOnlyTheFilledTrade() throws Exception {
    // trade 25 bought (its open stoploss order is no entry), trade 26 waits for its limit entry
    assertThat(FreqtradeTrades.count(fixture("status.json")))
        .isEqualTo(new FreqtradeTrades.Counts(1, 1));
  }

  @Test
  void aFreqtrade2023ReplyToo() throws Exception {
    // 7 filled; 8 unfilled although its amount is the requested one; 9 a half-filled short
    assertThat(FreqtradeTrades.count(fixture("status-2023.json")))
        .isEqualTo(new FreqtradeTrades.Counts(2, 2));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no open trades                 | []                                                                                   | 0 | 0
          adding to a position (DCA)     | [{"orders":[{"ft_order_side":"buy","filled":1,"is_open":false},{"ft_order_side":"buy","filled":0,"is_open":true}]}] | 1 | 1
          exit order open on a position  | [{"orders":[{"ft_order_side":"buy","filled":1,"is_open":false},{"ft_order_side":"sell","filled":0,"is_open":true}]}] | 1 | 0
          short entry filled             | [{"is_short":true,"orders":[{"ft_order_side":"sell","filled":2,"is_open":false}]}]   | 1 | 0
          filled is null                 | [{"orders":[{"ft_order_side":"buy","filled":null,"is_open":true}]}]                  | 0 | 1
          2024 without orders, unfilled  | [{"amount":0,"has_open_orders":true}]                                                | 0 | 1
          2024 without orders, filled    | [{"amount":0.5,"open_fill_timestamp":1767222601000,"has_open_orders":false}]         | 1 | 0
          2024 amount but no fill yet    | [{"amount":0.5,"open_fill_timestamp":null,"has_open_orders":true}]                   | 0 | 1
          2023 without orders, pending   | [{"amount":0.5,"open_order_id":"x"}]                                                 | 1 | 0
          """)
  void tradeShapes(String name, String status, int positions, int entryOrders) throws Exception {
    assertThat(FreqtradeTrades.count(JSON.readTree(status)))
        .as(name)
        .isEqualTo(new FreqtradeTrades.Counts(positions, entryOrders));
  }

  @ParameterizedTest(name = "{0} / max_open_trades {1} -> {2}")
  @CsvSource({
    "running, 5, running",
    "running, -1, running",
    // before 2025.4, /stopentry keeps "running" and sets max_open_trades to 0
    "running, 0, paused",
    "paused, 3, paused", // 2025.4+ /pause
    "stopped, 0, stopped",
    "stopped, 5, stopped",
    "reload_config, 0, unknown",
  })
  void tradingState(String state, int maxOpenTrades, String expected) {
    assertThat(
            FreqtradeMetrics.tradingState(state, JSON.getNodeFactory().numberNode(maxOpenTrades)))
        .isEqualTo(expected);
  }

  @Test
  void stopEntryOnAnOlderFreqtradeShowsAsPausedInTheMetrics() throws Exception {
    MetricsOut out = new MetricsOut();
    FreqtradeMetrics.export(
        "ft",
        Map.of(
            "show_config",
            JSON.readTree("{\"version\":\"2024.10\",\"state\":\"running\",\"max_open_trades\":0}"),
            "status",
            fixture("status.json")),
        out);
    assertThat(TestText.of(out.build()))
        .contains("bot_trading_state{bot=\"ft\",state=\"paused\"} 1.0")
        .contains("bot_trading_state{bot=\"ft\",state=\"running\"} 0.0")
        .contains("bot_open_positions{bot=\"ft\"} 1.0")
        .contains("bot_open_entry_orders{bot=\"ft\"} 1.0");
  }
}
