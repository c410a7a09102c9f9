package dev.botwatch.responder.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.testing.ManualClock;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.config.LimitsConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.notice.RecordingChannels;
import dev.botwatch.responder.work.ManualExecutor;
import dev.botwatch.responder.work.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The dead man's switch on a manual clock: one notice per silence, one when it ends. */
class WatchdogNotifierTest {
  final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T09:00:00Z"));
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final ManualExecutor sender = new ManualExecutor();
  final ResponderMetrics metrics = new ResponderMetrics(new PrometheusRegistry());
  final RecordingChannels channels = new RecordingChannels();

  @Test
  void aSilenceIsReportedOnceHoweverManyChecksRunAndItsEndOnce() {
    WatchdogNotifier w =
        new WatchdogNotifier(
            Duration.ofMinutes(10),
            null,
            channels,
            new ActionExecutor(LimitsConfig.defaults(), metrics, clock, clock::advance),
            metrics,
            clock,
            sender);
    scheduler.every(Duration.ofMinutes(1), w::check);
    scheduler.advance(Duration.ofMinutes(9));
    sender.runAll();
    assertThat(channels.subjects()).isEmpty();
    scheduler.advance(Duration.ofMinutes(30)); // thirty more checks
    sender.runAll();
    assertThat(channels.subjects())
        .containsExactly("[botwatch] Watchdog missing: the alert pipeline may be broken");
    w.seen();
    w.seen();
    sender.runAll();
    assertThat(channels.subjects())
        .containsExactly(
            "[botwatch] Watchdog missing: the alert pipeline may be broken",
            "[botwatch] Watchdog back: the alert pipeline works again");
    assertThat(w.status().missing()).isFalse();
  }
}
