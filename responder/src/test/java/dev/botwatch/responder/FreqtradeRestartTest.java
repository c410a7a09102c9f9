package dev.botwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A playbook that stops and starts a Freqtrade bot really restarts it: Freqtrade's worker acts on a
 * new state only at its next loop, so a start sent before that undoes the stop unseen. {@link
 * FakeFreqtrade}'s worker loop runs every 300 ms and counts what it saw.
 */
class FreqtradeRestartTest {
  @TempDir Path dir;
  Harness h;
  FakeFreqtrade ft;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (ft != null) {
      ft.close();
    }
  }

  void start(String processThrottle) throws Exception {
    Files.writeString(dir.resolve("ft.pw"), FakeFreqtrade.PASSWORD);
    h =
        new Harness(
            dir,
            """
            limits:
              cooldown: 0s
              retry: {initial_backoff: 10ms, max_attempts: 2, deadline: 10s}
            bots:
              ft:
                freqtrade:
                  base_url: %s
                  username: freqtrader
                  password: {file: DIR/ft.pw}
                  process_throttle: %s
                  poll_interval: 50ms
            playbooks:
              ft_restart:
                steps:
                  - {action: freqtrade, operation: stop}
                  - {action: freqtrade, operation: start}
            """
                .formatted(ft.baseUrl(), processThrottle));
    h.alerts(Payloads.firing("ft", "ft_restart", "00000000000d0001"));
    Harness.await(
        "the restart playbook",
        20,
        () ->
            h.store().actions("ft", 10, 0).size() == 2
                && h.store().actions("ft", 10, 0).stream().allMatch(ActionRecord::finished));
    assertThat(h.store().actions("ft", 10, 0))
        .extracting(ActionRecord::status)
        .containsOnly(ActionStatus.SUCCESS);
  }

  @Test
  void aBotThatReportsTheStateItsWorkerSawGetsItsStartOnlyAfterReportingStopped() throws Exception {
    ft = new FakeFreqtrade("2024.10", Duration.ofMillis(300));
    synchronized (ft) {
      ft.lagReportedState = true;
    }
    start("0s"); // no settling: only the reported state can make the start wait
    long reportedStopped = ft.first("show_config says stopped");
    long started = ft.first("POST /api/v1/start");
    assertThat(reportedStopped).isPositive();
    assertThat(started).isGreaterThan(reportedStopped);
    synchronized (ft) {
      assertThat(ft.workerStops).isEqualTo(1);
      assertThat(ft.workerRestarts).isEqualTo(1);
      assertThat(ft.state).isEqualTo("running");
    }
  }

  @Test
  void aBotThatReportsTheNewStateAtOnceGetsItsStartAfterOneWorkerLoop() throws Exception {
    // Freqtrade itself: /show_config says stopped the moment /stop returns; the worker follows
    // within process_throttle_secs.
    ft = new FakeFreqtrade("2025.4", Duration.ofMillis(300));
    start("300ms");
    long stopped = ft.first("POST /api/v1/stop");
    long started = ft.first("POST /api/v1/start");
    assertThat(Duration.ofNanos(started - stopped)).isGreaterThanOrEqualTo(Duration.ofMillis(1300));
    Harness.await(
        "the worker's next loop",
        5,
        () -> {
          synchronized (ft) {
            return "running".equals(ft.workerState);
          }
        });
    synchronized (ft) {
      assertThat(ft.workerStops).isEqualTo(1);
      assertThat(ft.workerRestarts).isEqualTo(1);
      assertThat(ft.state).isEqualTo("running");
    }
  }
}
