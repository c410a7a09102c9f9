package dev.botwatch.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.http.ClientDeadline.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-connection deadline on an injected clock: request timeout 10, idle timeout 100. */
class ClientDeadlineTest {
  static final long REQUEST = 10;
  static final long IDLE = 100;

  ClientDeadline d = new ClientDeadline(REQUEST, IDLE, 1000);

  @Test
  void aNewConnectionMustSendItsHeadWithinTheRequestTimeout() {
    assertThat(d.check(1009, true, false).close()).isNull();
    assertThat(d.check(1010, true, false).close()).isEqualTo(Phase.HEAD);
  }

  @ParameterizedTest(name = "head at {0}, check at {1}: body ended {2} → close {3}")
  @CsvSource({
    "1005, 1014, false, ", // not yet due
    "1005, 1015, false, BODY", // body still arriving at the deadline
    "1009, 1019, false, BODY",
    "1005, 1015, true, ", // body done in time: the server's turn
  })
  void theBodyIsDueWithinTheRequestTimeoutOfTheHead(
      long head, long now, boolean ended, Phase expected) {
    assertThat(d.requestArrived(head)).isEqualTo(head + REQUEST);
    assertThat(d.check(now, ended, false).close()).isEqualTo(expected);
  }

  @Test
  void aSlowHandlerIsNotTheClientsFault() {
    d.requestArrived(1000);
    var v = d.check(1010, true, false);
    assertThat(v.close()).isNull();
    assertThat(d.phase()).isEqualTo(Phase.HANDLER);
    assertThat(v.nextCheck()).isEqualTo(1020);
    assertThat(d.check(1500, true, false).close()).isNull(); // still answering, re-checked
    assertThat(d.phase()).isEqualTo(Phase.HANDLER);
  }

  @Test
  void aKeptAliveConnectionMaySitIdleUpToTheIdleTimeoutBetweenRequests() {
    d.requestArrived(1000);
    var v = d.check(1010, true, true);
    assertThat(v.close()).isNull();
    assertThat(d.phase()).isEqualTo(Phase.NEXT_HEAD);
    assertThat(v.nextCheck()).isEqualTo(1110);
    // a scrape every 15 units, longer than the request timeout: never closed
    for (long t = 1015; t < 2000; t += 15) {
      assertThat(d.check(t, true, true).close()).isNull();
      d.requestArrived(t);
      assertThat(d.check(t + 1, true, true).close()).isNull();
    }
  }

  @Test
  void aKeptAliveConnectionThatDoesNotDeliverItsNextRequestIsClosed() {
    d.requestArrived(1000);
    d.check(1010, true, true);
    assertThat(d.check(1109, false, true).close()).isNull();
    assertThat(d.check(1110, false, true).close()).isEqualTo(Phase.NEXT_HEAD);
  }

  @Test
  void anEarlyCheckOnlyReschedules() {
    var v = d.check(1003, false, false);
    assertThat(v.close()).isNull();
    assertThat(v.nextCheck()).isEqualTo(1010);
    assertThat(d.phase()).isEqualTo(Phase.HEAD);
  }

  @Test
  void theClockMayWrap() {
    ClientDeadline w = new ClientDeadline(REQUEST, IDLE, Long.MAX_VALUE - 5);
    assertThat(w.check(Long.MAX_VALUE, true, false).close()).isNull();
    assertThat(w.check(Long.MAX_VALUE + 5, true, false).close()).isEqualTo(Phase.HEAD);
  }
}
