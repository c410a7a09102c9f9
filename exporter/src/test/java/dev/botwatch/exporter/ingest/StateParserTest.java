package dev.botwatch.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StateParserTest {
  final StateParser parser = new StateParser(() -> 1767225000.0);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          invalid JSON              | {"pnl":                                        | 400 |
          array body                | []                                             | 400 |
          pnl without currency      | {"pnl":{"daily":1}}                            | 422 | pnl.currency
          pnl daily as string       | {"pnl":{"daily":"1","currency":"USD"}}         | 422 | pnl.daily
          balance not a number      | {"balance":{"USDT":true}}                      | 422 | balance.USDT
          balance not an object     | {"balance":[1]}                                | 422 | balance
          negative open positions   | {"open_positions":-1}                          | 422 | open_positions
          infinite max positions    | {"max_positions":1e999}                        | 422 | max_positions
          kill switch without active| {"kill_switches":{"d":{"blocked_until":5}}}    | 422 | kill_switches.d.active
          kill switch until negative| {"kill_switches":{"d":{"active":true,"blocked_until":-5}}} | 422 | kill_switches.d.blocked_until
          component not boolean     | {"components":{"db":1}}                        | 422 | components.db
          data_updated negative     | {"data_updated":{"prices":-1}}                 | 422 | data_updated.prices
          data_updated in millis    | {"data_updated":{"prices":1767225000000}}      | 422 | data_updated.prices
          emergency as string       | {"emergency_mode":"no"}                        | 422 | emergency_mode
          unknown trading state     | {"trading_state":"sleeping"}                   | 422 | trading_state
          rate limit negative       | {"rate_limit_usage":{"x":-0.1}}                | 422 | rate_limit_usage.x
          websocket latency string  | {"websockets":{"p":{"latency_seconds":"1"}}}   | 422 | websockets.p.latency_seconds
          empty label key           | {"components":{"":true}}                       | 422 | components.
          version not a string      | {"version":1.2}                                | 422 | version
          rate limit above one      | {"rate_limit_usage":{"binance":1.5}}           | 422 | rate_limit_usage.binance
          rate limit as percent     | {"rate_limit_usage":{"binance":85}}            | 422 | rate_limit_usage.binance
          fractional open positions | {"open_positions":1.5}                         | 422 | open_positions
          negative entry orders     | {"open_entry_orders":-1}                       | 422 | open_entry_orders
          fractional entry orders   | {"open_entry_orders":0.5}                      | 422 | open_entry_orders
          fractional max positions  | {"max_positions":2.5}                          | 422 | max_positions
          negative probation        | {"symbols_on_probation":-2}                    | 422 | symbols_on_probation
          fractional overlaps       | {"strategy_overlaps":0.1}                      | 422 | strategy_overlaps
          negative nonce rate       | {"nonce_generation_rate":-1}                   | 422 | nonce_generation_rate
          infinite nonce rate       | {"nonce_generation_rate":1e999}                | 422 | nonce_generation_rate
          negative ws latency       | {"websockets":{"p":{"latency_seconds":-0.5}}}  | 422 | websockets.p.latency_seconds
          infinite pnl              | {"pnl":{"daily":-1e999,"currency":"USD"}}      | 422 | pnl.daily
          infinite balance          | {"balance":{"USDT":1e999}}                     | 422 | balance.USDT
          data_updated before 2000  | {"data_updated":{"prices":1000}}               | 422 | data_updated.prices
          data_updated as string    | {"data_updated":{"prices":"now"}}              | 422 | data_updated.prices
          kill switch until millis  | {"kill_switches":{"d":{"active":true,"blocked_until":1767225000000}}} | 422 | kill_switches.d.blocked_until
          kill switch until 1970    | {"kill_switches":{"d":{"active":true,"blocked_until":3600}}} | 422 | kill_switches.d.blocked_until
          """)
  void refusesBadStateNamingTheField(String name, String body, int status, String field) {
    IngestException e =
        catchThrowableOfType(
            () -> parser.parse("a", body.getBytes(StandardCharsets.UTF_8)), IngestException.class);
    assertThat(e).as(name).isNotNull();
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.field()).isEqualTo(field);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ratio       | {"rate_limit_usage":{"binance":1.01}}     | rate_limit_usage.binance must be between 0 and 1
          ratio below | {"rate_limit_usage":{"binance":-0.01}}    | rate_limit_usage.binance must be between 0 and 1
          count       | {"open_positions":2.5}                    | open_positions must be a whole number
          negative    | {"open_entry_orders":-1}                  | open_entry_orders must be >= 0
          old time    | {"data_updated":{"prices":5}}             | data_updated.prices must be Unix seconds after 2000-01-01
          future time | {"data_updated":{"prices":1767226000}}    | data_updated.prices is in the future: Unix seconds expected, not milliseconds
          deadline    | {"kill_switches":{"d":{"active":true,"blocked_until":1e13}}} | kill_switches.d.blocked_until must be 0 (none) or Unix seconds between 2000 and 2100
          """)
  void rangeErrorsSayTheRange(String name, String body, String message) {
    IngestException e =
        catchThrowableOfType(
            () -> parser.parse("a", body.getBytes(StandardCharsets.UTF_8)), IngestException.class);
    assertThat(e.status()).as(name).isEqualTo(422);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  @Test
  void boundariesAreAccepted() {
    BotState s =
        parser
            .parse(
                "a",
                """
                {"rate_limit_usage":{"x":0,"y":1},"open_positions":0,"open_entry_orders":3,
                 "kill_switches":{"d":{"active":false,"blocked_until":0},
                                  "e":{"active":true,"blocked_until":1767300000}},
                 "data_updated":{"prices":1767225100},"pnl":{"daily":-12.5,"currency":"USD"}}
                """
                    .getBytes(StandardCharsets.UTF_8))
            .state();
    assertThat(s.rateLimitUsage()).containsEntry("x", 0.0).containsEntry("y", 1.0);
    assertThat(s.openEntryOrders()).isEqualTo(3.0);
    assertThat(s.killSwitches().get("e").blockedUntil()).isEqualTo(1767300000.0);
    assertThat(s.dataUpdated()).containsEntry("prices", 1767225100.0); // a little clock skew
  }
}
