package dev.botwatch.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
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
          """)
  void refusesBadStateNamingTheField(String name, String body, int status, String field) {
    IngestException e =
        catchThrowableOfType(
            () -> parser.parse("a", body.getBytes(StandardCharsets.UTF_8)), IngestException.class);
    assertThat(e).as(name).isNotNull();
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.field()).isEqualTo(field);
  }
}
