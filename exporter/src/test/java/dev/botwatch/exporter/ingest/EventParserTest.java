package dev.botwatch.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
  final EventParser parser = new EventParser(() -> 1767225000.0);

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parsesEveryTypeWithDefaults() {
    List<Event> events =
        parser.parseJson(
            b(
                """
                [{"type":"trade","bot":"a","outcome":"success","duration_seconds":0.5,"symbol":"BTC"},
                 {"type":"scan","bot":"a","duration_seconds":12,"tokens_discovered":120,"tokens_approved":30},
                 {"type":"api_call","bot":"a","api":"binance","outcome":"rate_limited","duration_seconds":0.2},
                 {"type":"error","bot":"a","component":"executor","severity":"high"},
                 {"type":"websocket","bot":"a","stream":"prices","event":"reconnect","latency_seconds":0.1},
                 {"type":"nonce","bot":"a","outcome":"failure"},
                 {"type":"balance_check","bot":"a","duration_seconds":1.5},
                 {"type":"heartbeat","bot":"a","ts":1767225000.5}]
                """));
    assertThat(events)
        .containsExactly(
            new Event.Trade("a", 1767225000.0, "success", 0.5),
            new Event.Scan("a", 1767225000.0, 12, 120, 30),
            new Event.ApiCall("a", 1767225000.0, "binance", "rate_limited", 0.2),
            new Event.Error("a", 1767225000.0, "executor", "high"),
            new Event.Websocket("a", 1767225000.0, "prices", "reconnect", 0.1),
            new Event.Nonce("a", 1767225000.0, "failure"),
            new Event.BalanceCheck("a", 1767225000.0, 1.5),
            new Event.Heartbeat("a", 1767225000.5, "main"));
  }

  @Test
  void singleObjectAndNdjsonAreBatchesToo() {
    assertThat(parser.parseJson(b("{\"type\":\"heartbeat\",\"bot\":\"a\"}"))).hasSize(1);
    assertThat(
            parser.parseNdjson(
                b(
                    "{\"type\":\"heartbeat\",\"bot\":\"a\"}\n\n"
                        + "{\"type\":\"nonce\",\"bot\":\"b\",\"outcome\":\"success\"}\n")))
        .extracting(Event::bot)
        .containsExactly("a", "b");
  }

  /** Every class of bad input, with the status and the field the error must name. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          invalid JSON           | [{"type":                                                         | 400 | invalid_json |
          empty body             | ''                                                               | 400 | invalid_json |
          not array or object    | 42                                                               | 400 | invalid_json |
          NaN literal            | [{"type":"trade","bot":"a","outcome":"success","duration_seconds":NaN}] | 400 | invalid_json |
          duplicate key          | [{"type":"trade","type":"scan","bot":"a"}]                       | 400 | invalid_json |
          event not an object    | [{"type":"heartbeat","bot":"a"}, 7]                              | 422 | invalid | events[1]
          missing type           | [{"bot":"a"}]                                                    | 422 | invalid | events[0].type
          unknown type           | [{"type":"order","bot":"a"}]                                     | 422 | invalid | events[0].type
          missing bot            | [{"type":"heartbeat"}]                                           | 422 | invalid | events[0].bot
          bad bot name           | [{"type":"heartbeat","bot":"a b"}]                               | 422 | invalid | events[0].bot
          bot too long           | [{"type":"heartbeat","bot":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}] | 422 | invalid | events[0].bot
          bot not a string       | [{"type":"heartbeat","bot":7}]                                   | 422 | invalid | events[0].bot
          missing outcome        | [{"type":"trade","bot":"a"}]                                     | 422 | invalid | events[0].outcome
          unknown outcome        | [{"type":"trade","bot":"a","outcome":"maybe"}]                   | 422 | invalid | events[0].outcome
          duration as string     | [{"type":"trade","bot":"a","outcome":"success","duration_seconds":"1"}] | 422 | invalid | events[0].duration_seconds
          negative duration      | [{"type":"balance_check","bot":"a","duration_seconds":-1}]       | 422 | invalid | events[0].duration_seconds
          infinite duration      | [{"type":"balance_check","bot":"a","duration_seconds":1e999}]    | 422 | invalid | events[0].duration_seconds
          NaN as string          | [{"type":"balance_check","bot":"a","duration_seconds":"NaN"}]    | 422 | invalid | events[0].duration_seconds
          missing duration       | [{"type":"api_call","bot":"a","api":"x","outcome":"error"}]      | 422 | invalid | events[0].duration_seconds
          missing api            | [{"type":"api_call","bot":"a","outcome":"error","duration_seconds":1}] | 422 | invalid | events[0].api
          empty api              | [{"type":"api_call","bot":"a","api":" ","outcome":"error","duration_seconds":1}] | 422 | invalid | events[0].api
          bad severity           | [{"type":"error","bot":"a","component":"x","severity":"fatal"}]  | 422 | invalid | events[0].severity
          bad websocket event    | [{"type":"websocket","bot":"a","stream":"p","event":"up"}]       | 422 | invalid | events[0].event
          fractional count       | [{"type":"scan","bot":"a","duration_seconds":1,"tokens_discovered":1.5}] | 422 | invalid | events[0].tokens_discovered
          negative ts            | [{"type":"heartbeat","bot":"a","ts":-5}]                         | 422 | invalid | events[0].ts
          ts in milliseconds     | [{"type":"heartbeat","bot":"a","ts":1767225000000}]              | 422 | invalid | events[0].ts
          ts before 2000         | [{"type":"heartbeat","bot":"a","ts":1000}]                       | 422 | invalid | events[0].ts
          ts as string           | [{"type":"heartbeat","bot":"a","ts":"2026-01-01"}]               | 422 | invalid | events[0].ts
          negative tokens        | [{"type":"scan","bot":"a","duration_seconds":1,"tokens_approved":-3}] | 422 | invalid | events[0].tokens_approved
          negative scan duration | [{"type":"scan","bot":"a","duration_seconds":-1}]                | 422 | invalid | events[0].duration_seconds
          negative trade time    | [{"type":"trade","bot":"a","outcome":"success","duration_seconds":-0.1}] | 422 | invalid | events[0].duration_seconds
          negative ws latency    | [{"type":"websocket","bot":"a","stream":"p","event":"connected","latency_seconds":-1}] | 422 | invalid | events[0].latency_seconds
          infinite api duration  | [{"type":"api_call","bot":"a","api":"x","outcome":"error","duration_seconds":-1e999}] | 422 | invalid | events[0].duration_seconds
          third event bad        | [{"type":"heartbeat","bot":"a"},{"type":"heartbeat","bot":"a"},{"type":"nonce","bot":"a","outcome":1}] | 422 | invalid | events[2].outcome
          """)
  void refusesBadInputNamingTheField(
      String name, String body, int status, String reason, String field) {
    IngestException e =
        catchThrowableOfType(() -> parser.parseJson(b(body)), IngestException.class);
    assertThat(e).as(name).isNotNull();
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.field()).isEqualTo(field);
    if (field != null) {
      assertThat(e.getMessage()).startsWith(field + " ");
    }
  }

  @Test
  void ndjsonErrorsNameTheLineAsAnEvent() {
    IngestException e =
        catchThrowableOfType(
            () -> parser.parseNdjson(b("{\"type\":\"heartbeat\",\"bot\":\"a\"}\n{oops\n")),
            IngestException.class);
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.field()).isEqualTo("events[1]");
  }

  @Test
  void errorsDoNotEchoInput() {
    IngestException e =
        catchThrowableOfType(
            () ->
                parser.parseJson(b("[{\"type\":\"trade\",\"bot\":\"a\",\"outcome\":\"s3cr3t\"}]")),
            IngestException.class);
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
    e = catchThrowableOfType(() -> parser.parseJson(b("[s3cr3t]")), IngestException.class);
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
  }
}
