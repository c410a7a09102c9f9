package dev.botwatch.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.botwatch.exporter.TestText;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestTest {
  final EventMetrics metrics = new EventMetrics();
  final StateCollector state = new StateCollector(Map.of());
  final SelfMetrics self = new SelfMetrics("test");
  final Ingest ingest =
      new Ingest(
          new EventParser(() -> 1767225000.0),
          new StateParser(() -> 1767225000.0),
          new LabelGuard(3, 2),
          metrics,
          state,
          self,
          new BotExpiry(Duration.ofHours(1), Set.of(), Clock.systemUTC()),
          () -> {});

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  String events() {
    return TestText.of(metrics.registry().scrape());
  }

  String selfText() {
    return TestText.of(self.registry().scrape());
  }

  String stateText() {
    return TestText.of(state.collect());
  }

  @Test
  void aBatchWithOneBadEventAppliesNothing() {
    IngestException e =
        catchThrowableOfType(
            () ->
                ingest.events(
                    b(
                        "[{\"type\":\"trade\",\"bot\":\"a\",\"outcome\":\"success\"},"
                            + "{\"type\":\"trade\",\"bot\":\"a\",\"outcome\":\"success\",\"duration_seconds\":-1}]"),
                    false),
            IngestException.class);
    assertThat(e.field()).isEqualTo("events[1].duration_seconds");
    assertThat(events()).doesNotContain("bot_trades_total{");
    assertThat(selfText())
        .contains("botwatch_events_rejected_total{reason=\"invalid\"} 1.0")
        .contains("botwatch_events_received_total{type=\"trade\"} 0.0");

    assertThat(
            ingest.events(b("[{\"type\":\"trade\",\"bot\":\"a\",\"outcome\":\"success\"}]"), false))
        .isEqualTo(1);
    assertThat(events())
        .contains("bot_trades_total{bot=\"a\",outcome=\"success\"} 1.0")
        .contains("bot_trades_total{bot=\"a\",outcome=\"failure\"} 0.0");
  }

  @Test
  void apiOutcomesAndErrorSeveritiesArePreCreated() {
    ingest.events(
        b(
            "{\"type\":\"api_call\",\"bot\":\"a\",\"api\":\"x\",\"outcome\":\"success\",\"duration_seconds\":0.1}\n"
                + "{\"type\":\"error\",\"bot\":\"a\",\"component\":\"db\",\"severity\":\"low\"}\n"),
        true);
    assertThat(events())
        .contains("bot_api_requests_total{api=\"x\",bot=\"a\",outcome=\"error\"} 0.0")
        .contains("bot_api_requests_total{api=\"x\",bot=\"a\",outcome=\"timeout\"} 0.0")
        .contains("bot_api_requests_total{api=\"x\",bot=\"a\",outcome=\"rate_limited\"} 0.0")
        .contains("bot_api_requests_total{api=\"x\",bot=\"a\",outcome=\"success\"} 1.0")
        .contains("bot_errors_total{bot=\"a\",component=\"db\",severity=\"critical\"} 0.0");
  }

  @Test
  void labelValuesPastTheCapRefuseTheWholeBatch() {
    ingest.events(b(api("a", "x") + api("a", "y")), true);
    IngestException e =
        catchThrowableOfType(
            () -> ingest.events(b(api("a", "x") + api("b", "z") + api("a", "z")), true),
            IngestException.class);
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.reason()).isEqualTo("cardinality");
    assertThat(e.field()).isEqualTo("events[2].api");
    // Nothing of the refused batch landed: not bot b's event, not the known value x.
    assertThat(events())
        .doesNotContain("bot=\"b\"")
        .contains("bot_api_requests_total{api=\"x\",bot=\"a\",outcome=\"success\"} 1.0");
    assertThat(selfText()).contains("botwatch_events_rejected_total{reason=\"cardinality\"} 1.0");
    // Known values stay usable and the cap is per bot.
    assertThat(ingest.events(b(api("a", "y") + api("b", "z")), true)).isEqualTo(2);
  }

  @Test
  void botsPastMaxBotsAreRefused() {
    ingest.events(b(hb("a") + hb("b") + hb("c")), true);
    IngestException e =
        catchThrowableOfType(
            () -> ingest.events(b(hb("a") + hb("d")), true), IngestException.class);
    assertThat(e.reason()).isEqualTo("cardinality");
    assertThat(e.field()).isEqualTo("events[1].bot");
  }

  @Test
  void heartbeatKeepsTheNewestTimestamp() {
    ingest.events(
        b(
            "{\"type\":\"heartbeat\",\"bot\":\"a\",\"ts\":1767224900}\n"
                + "{\"type\":\"heartbeat\",\"bot\":\"a\",\"ts\":1767224800}\n"),
        true);
    assertThat(events())
        .contains("bot_heartbeat_timestamp_seconds{bot=\"a\",component=\"main\"} 1.7672249E9");
  }

  @Test
  void aStatePutReplacesThePreviousSnapshotWhole() {
    ingest.state(
        "a",
        b(
            "{\"pnl\":{\"daily\":-3,\"currency\":\"USDT\"},\"open_positions\":2,"
                + "\"components\":{\"db\":false},\"trading_state\":\"paused\"}"));
    assertThat(stateText())
        .contains("bot_pnl{bot=\"a\",currency=\"USDT\",period=\"daily\"} -3.0")
        .doesNotContain("period=\"total\"")
        .contains("bot_open_positions{bot=\"a\"} 2.0")
        .contains("bot_component_up{bot=\"a\",component=\"db\"} 0.0")
        .contains("bot_trading_state{bot=\"a\",state=\"paused\"} 1.0")
        .contains("bot_trading_state{bot=\"a\",state=\"running\"} 0.0");

    ingest.state("a", b("{\"open_positions\":1}"));
    assertThat(stateText())
        .contains("bot_open_positions{bot=\"a\"} 1.0")
        .doesNotContain("bot_pnl")
        .doesNotContain("bot_component_up")
        .doesNotContain("bot_trading_state");
  }

  @Test
  void aBadStateKeepsThePreviousSnapshot() {
    ingest.state("a", b("{\"open_positions\":2}"));
    IngestException e =
        catchThrowableOfType(
            () ->
                ingest.state(
                    "a",
                    b("{\"open_positions\":1,\"kill_switches\":{\"x\":{\"active\":\"yes\"}}}")),
            IngestException.class);
    assertThat(e.field()).isEqualTo("kill_switches.x.active");
    assertThat(stateText()).contains("bot_open_positions{bot=\"a\"} 2.0");
  }

  @Test
  void stateLabelValuesAreCappedToo() {
    IngestException e =
        catchThrowableOfType(
            () -> ingest.state("a", b("{\"components\":{\"x\":true,\"y\":true,\"z\":true}}")),
            IngestException.class);
    assertThat(e.reason()).isEqualTo("cardinality");
    assertThat(e.field()).isEqualTo("components.z");
    assertThat(stateText()).doesNotContain("bot_component_up");
  }

  @Test
  void badBotNameInThePathIsRefused() {
    IngestException e =
        catchThrowableOfType(() -> ingest.state("a b", b("{}")), IngestException.class);
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.field()).isEqualTo("bot");
  }

  static String api(String bot, String api) {
    return "{\"type\":\"api_call\",\"bot\":\"%s\",\"api\":\"%s\",\"outcome\":\"success\",\"duration_seconds\":0.1}\n"
        .formatted(bot, api);
  }

  static String hb(String bot) {
    return "{\"type\":\"heartbeat\",\"bot\":\"%s\"}\n".formatted(bot);
  }
}
