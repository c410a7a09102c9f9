package dev.botwatch.responder.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides, per bot and channel, whether a notice goes out now or waits to be grouped with others
 * into one message, so a storm of incidents on one bot becomes "12 incidents on bot X need you"
 * instead of 12 mails. Pure: every call takes the time, nothing sleeps, nothing is sent here.
 *
 * <p>Rules, per (bot, channel):
 *
 * <ul>
 *   <li>A notice goes out at once when nothing went out in the last {@code window}, nothing is
 *       waiting, and fewer than {@code maxPerHour} messages went out in the last hour.
 *   <li>An urgent notice (an emergency stop, a bot that could not be stopped, a recovery) skips the
 *       window but not the hourly limit.
 *   <li>A critical notice ({@link #always}) goes out whatever the window and the limit.
 *   <li>Anything else waits; all waiting notices go out as one message at {@link #flushAt}: the end
 *       of the window after the last message, later if the hour's limit is spent. Nothing is ever
 *       dropped.
 * </ul>
 *
 * <pre>{@code
 * NoticeGate gate = new NoticeGate(Duration.ofMinutes(5), 12);
 * if (gate.offer(key, false, now) == NoticeGate.Verdict.SEND) { send it } else { hold it;
 *   at gate.flushAt(key, now): if (gate.flush(key, now)) send every held notice as one message }
 * }</pre>
 */
public final class NoticeGate {
  /** What to do with one notice. */
  public enum Verdict {
    /** Send it now, alone; the gate has counted the message. */
    SEND,
    /** Hold it for the next grouped message. */
    HOLD
  }

  /** Whose messages are limited together. */
  public record Key(String bot, String channel) {}

  private static final Duration HOUR = Duration.ofHours(1);

  private static final class State {
    final Deque<Instant> sent = new ArrayDeque<>();
    int held;
  }

  private final Duration window;
  private final int maxPerHour;
  private final Map<Key, State> states = new HashMap<>();

  public NoticeGate(Duration window, int maxPerHour) {
    this.window = window;
    this.maxPerHour = maxPerHour;
  }

  /** A message that went out before a restart, so the hourly limit survives it. */
  public synchronized void sentBefore(Key key, Instant at) {
    state(key).sent.addLast(at);
  }

  /** A notice that waited before a restart and still waits. */
  public synchronized void heldBefore(Key key, int count) {
    state(key).held += count;
  }

  /**
   * A notice that must go out now whatever the window and the limit (a bot an emergency stop could
   * not stop); it still counts against the hour.
   */
  public synchronized void always(Key key, Instant now) {
    State s = state(key);
    prune(s, now);
    s.sent.addLast(now);
  }

  public synchronized Verdict offer(Key key, boolean urgent, Instant now) {
    State s = state(key);
    prune(s, now);
    boolean budget = s.sent.size() < maxPerHour;
    boolean quiet = s.held == 0 && (s.sent.isEmpty() || !now.isBefore(lastSent(s).plus(window)));
    if (budget && (urgent || quiet)) {
      s.sent.addLast(now);
      return Verdict.SEND;
    }
    s.held++;
    return Verdict.HOLD;
  }

  /** When the held notices of {@code key} may go out (now or later); null if none are held. */
  public synchronized Instant flushAt(Key key, Instant now) {
    State s = state(key);
    if (s.held == 0) {
      return null;
    }
    prune(s, now);
    Instant t = s.sent.isEmpty() ? now : lastSent(s).plus(window);
    if (s.sent.size() >= maxPerHour) {
      Instant freed = s.sent.peekFirst().plus(HOUR);
      t = freed.isAfter(t) ? freed : t;
    }
    return t.isBefore(now) ? now : t;
  }

  /**
   * True when the held notices go out now, as one message: the gate counts the message and holds
   * nothing more. False when there are none, or their time has not come ({@link #flushAt}).
   */
  public synchronized boolean flush(Key key, Instant now) {
    Instant at = flushAt(key, now);
    if (at == null || now.isBefore(at)) {
      return false;
    }
    State s = state(key);
    s.sent.addLast(now);
    s.held = 0;
    return true;
  }

  /** Messages sent for {@code key} in the hour before {@code now}. */
  public synchronized int sentLastHour(Key key, Instant now) {
    State s = state(key);
    prune(s, now);
    return s.sent.size();
  }

  public Duration window() {
    return window;
  }

  public int maxPerHour() {
    return maxPerHour;
  }

  private State state(Key key) {
    return states.computeIfAbsent(key, k -> new State());
  }

  private static Instant lastSent(State s) {
    return s.sent.peekLast();
  }

  private static void prune(State s, Instant now) {
    Instant cut = now.minus(HOUR);
    while (!s.sent.isEmpty() && !s.sent.peekFirst().isAfter(cut)) {
      s.sent.removeFirst();
    }
  }
}
