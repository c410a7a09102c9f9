package dev.botwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.common.testing.ManualClock;
import dev.botwatch.exporter.config.ExporterConfig;
import dev.botwatch.exporter.ingest.IngestException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Undeclared bots that go silent for {@code ingest.bot_expiry} are forgotten: series gone, cap slot
 * free, counted; a declared bot never is. Time is an injected clock moved by hand.
 */
class BotExpiryTest {
  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ExporterConfig cfg =
      YamlConfig.parse(
          """
          ingest: {max_bots: 2, bot_expiry: 1h}
          bots: {declared: }
          """,
          ExporterConfig.class,
          "test");
  final Exporter exporter = new Exporter(cfg, List.of(), clock, System::nanoTime);

  @AfterEach
  void close() {
    exporter.close();
  }

  void push(String bot) {
    exporter
        .ingest()
        .events(
            ("{\"type\":\"trade\",\"bot\":\""
                    + bot
                    + "\",\"outcome\":\"success\"}\n"
                    + "{\"type\":\"heartbeat\",\"bot\":\""
                    + bot
                    + "\"}\n")
                .getBytes(StandardCharsets.UTF_8),
            true);
  }

  void state(String bot) {
    exporter.ingest().state(bot, "{\"open_positions\":1}".getBytes(StandardCharsets.UTF_8));
  }

  String scrape() {
    return TestText.of(exporter.registry().scrape());
  }

  @Test
  void aSilentBotIsForgottenAndItsSlotFrees() {
    push("declared");
    push("a"); // declared + a: the cap of 2 is full
    state("a");
    IngestException full = catchThrowableOfType(() -> push("b"), IngestException.class);
    assertThat(full.status()).isEqualTo(422);
    assertThat(full.reason()).isEqualTo("cardinality");
    assertThat(scrape())
        .contains("bot_trades_total{bot=\"a\",outcome=\"success\"} 1.0")
        .contains("bot_open_positions{bot=\"a\"} 1.0")
        .contains("botwatch_bots_expired_total 0.0");

    clock.advance(Duration.ofMinutes(59));
    assertThat(scrape()).contains("bot=\"a\""); // not yet

    clock.advance(Duration.ofMinutes(1));
    String after = scrape();
    assertThat(after)
        .doesNotContain("bot=\"a\"")
        .contains("botwatch_bots_expired_total 1.0")
        // the declared bot was just as silent and keeps everything
        .contains("bot_trades_total{bot=\"declared\",outcome=\"success\"} 1.0")
        .contains("bot_heartbeat_timestamp_seconds{bot=\"declared\",component=\"main\"}");

    push("b"); // the freed slot
    assertThat(scrape()).contains("bot_trades_total{bot=\"b\",outcome=\"success\"} 1.0");
  }

  @Test
  void aBotThatKeepsSendingStays() {
    for (int i = 0; i < 5; i++) {
      state("a");
      clock.advance(Duration.ofMinutes(50));
      assertThat(scrape()).contains("bot_open_positions{bot=\"a\"} 1.0");
    }
    assertThat(scrape()).contains("botwatch_bots_expired_total 0.0");
  }

  @Test
  void anExpiredBotThatReturnsStartsAfresh() {
    push("a");
    push("a");
    clock.advance(Duration.ofHours(2));
    push("a"); // the request itself expires the old series first, then counts anew
    assertThat(scrape())
        .contains("bot_trades_total{bot=\"a\",outcome=\"success\"} 1.0")
        .contains("bot_trades_total{bot=\"a\",outcome=\"failure\"} 0.0")
        .contains("botwatch_bots_expired_total 1.0");
  }
}
