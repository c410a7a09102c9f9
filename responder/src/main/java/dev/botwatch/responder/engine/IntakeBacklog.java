package dev.botwatch.responder.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Webhooks taken in and not yet durable: how many wait for their commit, and since when the oldest
 * waits. {@code /-/ready} turns 503 while intake falls behind ({@link #behind}), so a load balancer
 * or a supervisor sees it before Alertmanager's deliveries time out; the metrics show the same.
 */
public final class IntakeBacklog {
  /** More webhooks waiting than this: intake is behind (a transaction takes 256 at most). */
  public static final int MAX_PENDING = 512;

  /** The oldest webhook waiting longer than this: intake is behind (one commit takes ms). */
  public static final Duration MAX_WAIT = Duration.ofSeconds(2);

  private final Clock clock;
  private final Map<Long, Instant> waiting = new ConcurrentSkipListMap<>();
  private final AtomicLong seq = new AtomicLong();
  private final AtomicInteger pending = new AtomicInteger();

  public IntakeBacklog(Clock clock) {
    this.clock = clock;
  }

  /** A webhook arrived: returns its ticket for {@link #leave}. */
  long enter() {
    long ticket = seq.incrementAndGet();
    waiting.put(ticket, clock.instant());
    pending.incrementAndGet();
    return ticket;
  }

  /** Its commit returned (durable or failed): how long it waited. */
  Duration leave(long ticket) {
    Instant since = waiting.remove(ticket);
    if (since == null) {
      return Duration.ZERO;
    }
    pending.decrementAndGet();
    return Duration.between(since, clock.instant());
  }

  /** Webhooks waiting for their commit. */
  public int pending() {
    return pending.get();
  }

  /** How long the oldest waiting webhook has waited; zero when none waits. */
  public Duration oldestWait() {
    for (Instant since : waiting.values()) { // ascending tickets: the first is the oldest
      Duration d = Duration.between(since, clock.instant());
      return d.isNegative() ? Duration.ZERO : d;
    }
    return Duration.ZERO;
  }

  /** Why intake is behind ({@link #MAX_PENDING}, {@link #MAX_WAIT}), or null when it keeps up. */
  public String behind() {
    int n = pending();
    Duration oldest = oldestWait();
    if (oldest.compareTo(MAX_WAIT) > 0) {
      return "intake is falling behind: the oldest of "
          + n
          + " webhook(s) waiting for the store has waited "
          + oldest.toMillis()
          + " ms (more than "
          + MAX_WAIT.toMillis()
          + " ms)";
    }
    if (n > MAX_PENDING) {
      return "intake is falling behind: "
          + n
          + " webhooks wait for the store (more than "
          + MAX_PENDING
          + ")";
    }
    return null;
  }
}
