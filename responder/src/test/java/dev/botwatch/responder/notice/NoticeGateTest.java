package dev.botwatch.responder.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The grouping rules, on a fake clock: a storm of notices becomes a few messages per bot. */
class NoticeGateTest {
  static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
  static final Duration WINDOW = Duration.ofMinutes(5);
  static final NoticeGate.Key PAPER = new NoticeGate.Key("paper", "email");

  /** A message that went out: when, and how many notices it carried. */
  record Message(NoticeGate.Key key, Instant at, int notices) {}

  /**
   * Drives the gate the way the responder does: each notice is offered; a held one waits for {@link
   * NoticeGate#flushAt}, when every held notice of its key goes out as one message.
   */
  static final class Driver {
    final NoticeGate gate;
    final List<Message> sent = new ArrayList<>();
    final Map<NoticeGate.Key, Integer> held = new HashMap<>();

    Driver(NoticeGate gate) {
      this.gate = gate;
    }

    void offer(NoticeGate.Key key, boolean urgent, Instant now) {
      flushDue(now);
      if (gate.offer(key, urgent, now) == NoticeGate.Verdict.SEND) {
        sent.add(new Message(key, now, 1));
      } else {
        held.merge(key, 1, Integer::sum);
      }
    }

    void flushDue(Instant now) {
      for (NoticeGate.Key key : List.copyOf(held.keySet())) {
        Instant at;
        while ((at = gate.flushAt(key, now)) != null && !at.isAfter(now)) {
          assertThat(gate.flush(key, at)).isTrue();
          sent.add(new Message(key, at, held.remove(key)));
        }
      }
    }

    /** Runs the clock on until nothing is held. */
    Instant drain(Instant now) {
      Instant t = now;
      while (!held.isEmpty()) {
        Instant next = null;
        for (NoticeGate.Key key : held.keySet()) {
          Instant at = gate.flushAt(key, t);
          next = next == null || at.isBefore(next) ? at : next;
        }
        t = next;
        flushDue(t);
      }
      return t;
    }
  }

  @Test
  void theFirstGoesAtOnceTheRestOfTheWindowGoTogether() {
    Driver d = new Driver(new NoticeGate(WINDOW, 12));
    for (int i = 0; i < 12; i++) {
      d.offer(PAPER, false, T0.plusSeconds(i * 10));
    }
    d.drain(T0.plusSeconds(120));
    assertThat(d.sent)
        .containsExactly(new Message(PAPER, T0, 1), new Message(PAPER, T0.plus(WINDOW), 11));
  }

  @Test
  void urgentNoticesSkipTheWindowButNotTheHourlyLimit() {
    NoticeGate gate = new NoticeGate(WINDOW, 3);
    assertThat(gate.offer(PAPER, false, T0)).isEqualTo(NoticeGate.Verdict.SEND);
    assertThat(gate.offer(PAPER, true, T0.plusSeconds(1))).isEqualTo(NoticeGate.Verdict.SEND);
    assertThat(gate.offer(PAPER, true, T0.plusSeconds(2))).isEqualTo(NoticeGate.Verdict.SEND);
    assertThat(gate.offer(PAPER, true, T0.plusSeconds(3))).isEqualTo(NoticeGate.Verdict.HOLD);
    // The limit frees an hour after the first message.
    assertThat(gate.flushAt(PAPER, T0.plusSeconds(4))).isEqualTo(T0.plusSeconds(3600));
    assertThat(gate.flush(PAPER, T0.plusSeconds(3599))).isFalse();
    assertThat(gate.flush(PAPER, T0.plusSeconds(3600))).isTrue();
  }

  @Test
  void aCriticalNoticeGoesOutWhateverTheLimitAndStillCounts() {
    NoticeGate gate = new NoticeGate(WINDOW, 1);
    assertThat(gate.offer(PAPER, true, T0)).isEqualTo(NoticeGate.Verdict.SEND);
    gate.always(PAPER, T0.plusSeconds(1));
    assertThat(gate.sentLastHour(PAPER, T0.plusSeconds(2))).isEqualTo(2);
    assertThat(gate.offer(PAPER, true, T0.plusSeconds(3))).isEqualTo(NoticeGate.Verdict.HOLD);
  }

  @Test
  void aRestartKeepsTheHourlyCountAndTheHeldNotices() {
    NoticeGate gate = new NoticeGate(WINDOW, 2);
    gate.sentBefore(PAPER, T0);
    gate.sentBefore(PAPER, T0.plusSeconds(600));
    gate.heldBefore(PAPER, 40);
    assertThat(gate.offer(PAPER, true, T0.plusSeconds(700))).isEqualTo(NoticeGate.Verdict.HOLD);
    assertThat(gate.flushAt(PAPER, T0.plusSeconds(700))).isEqualTo(T0.plusSeconds(3600));
  }

  /**
   * Ten thousand manual-intervention notices on three bots over two hours, in bursts (caps run out
   * on every incident of a storm), plus a few urgent ones: per bot and channel, never more than the
   * hourly limit, never two grouped messages within a window, and every notice in exactly one
   * message.
   */
  @Test
  void aStormOfTenThousandNoticesBecomesAFewMessagesPerBot() {
    int max = 12;
    Driver d = new Driver(new NoticeGate(WINDOW, max));
    List<NoticeGate.Key> keys =
        List.of(
            PAPER,
            new NoticeGate.Key("paper", "webhook"),
            new NoticeGate.Key("live", "email"),
            new NoticeGate.Key("scalper", "email"));
    Random r = new Random(42);
    Instant t = T0;
    int offered = 0;
    int urgent = 0;
    for (int i = 0; i < 10_000; i++) {
      // Bursts of a few hundred within seconds, then quiet minutes.
      t = t.plusMillis(i % 500 == 0 ? 60_000L * (1 + r.nextInt(10)) : r.nextInt(50));
      boolean u = r.nextInt(1000) == 0;
      urgent += u ? 1 : 0;
      d.offer(keys.get(r.nextInt(keys.size())), u, t);
      offered++;
    }
    d.drain(t);

    assertThat(d.sent.stream().mapToInt(Message::notices).sum()).isEqualTo(offered);
    assertThat(urgent).isPositive();
    for (NoticeGate.Key key : keys) {
      List<Instant> times =
          d.sent.stream().filter(m -> m.key().equals(key)).map(Message::at).toList();
      assertThat(times).isSortedAccordingTo(Instant::compareTo);
      for (int i = 0; i < times.size(); i++) {
        // Any hour holds at most max messages.
        int j = i;
        while (j < times.size() && times.get(j).isBefore(times.get(i).plus(Duration.ofHours(1)))) {
          j++;
        }
        assertThat(j - i)
            .as("messages in the hour from %s for %s", times.get(i), key)
            .isLessThanOrEqualTo(max);
      }
      List<Message> own = d.sent.stream().filter(m -> m.key().equals(key)).toList();
      for (int i = 1; i < own.size(); i++) {
        if (own.get(i).notices() > 1) {
          // A grouped message never follows the one before it within the window.
          assertThat(Duration.between(own.get(i - 1).at(), own.get(i).at()))
              .isGreaterThanOrEqualTo(WINDOW);
        }
      }
      assertThat(times.size()).as("messages for %s", key).isLessThan(60).isGreaterThan(1);
    }
    assertThat(d.sent.size()).isLessThan(200); // not 10,000 mails
  }
}
