package dev.botwatch.exporter.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a bot that pushes (events or state) but is not declared in the exporter config has gone
 * quiet for long enough to be forgotten: its series go and its slot under {@code ingest.max_bots}
 * frees, so bots that came and went (or a process that invented names) cannot lock real bots out
 * for good. Declared bots are never expired: a declared bot that falls silent is exactly what the
 * staleness alerts are for, and they need its last timestamps to stay.
 *
 * <p>Times come from the injected clock; {@link #due()} looks at most once per {@link #step} so the
 * scrape and ingest paths that ask pay a clock read, not a map walk.
 */
public final class BotExpiry {
  private final long afterMillis;
  private final long stepMillis;
  private final Set<String> declared;
  private final Clock clock;
  private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
  private volatile long nextLook;

  public BotExpiry(Duration after, Set<String> declared, Clock clock) {
    this.afterMillis = after.toMillis();
    this.stepMillis = Math.max(1, Math.min(afterMillis / 10, 1000));
    this.declared = Set.copyOf(declared);
    this.clock = clock;
    this.nextLook = clock.millis() + stepMillis;
  }

  /** The bot sent something now. */
  public void seen(String bot) {
    if (!declared.contains(bot)) {
      lastSeen.put(bot, clock.millis());
    }
  }

  /** Bots silent for the expiry time, if it is time to look; usually an empty list. */
  public List<String> due() {
    long now = clock.millis();
    if (now < nextLook) {
      return List.of();
    }
    nextLook = now + stepMillis;
    List<String> out = new ArrayList<>();
    lastSeen.forEach(
        (bot, t) -> {
          if (now - t >= afterMillis) {
            out.add(bot);
          }
        });
    return out;
  }

  /**
   * Forgets {@code bot} if it is still silent (a request may have come in since {@link #due()});
   * true if the caller should now remove its series.
   */
  public boolean expire(String bot) {
    Long t = lastSeen.get(bot);
    if (t == null || clock.millis() - t < afterMillis) {
      return false;
    }
    lastSeen.remove(bot);
    return true;
  }
}
