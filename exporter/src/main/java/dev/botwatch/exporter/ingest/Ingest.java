package dev.botwatch.exporter.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the event and state endpoints do, without HTTP: parse and validate the whole body, admit its
 * label values under the caps, then apply it. A batch is all-or-nothing: any bad event, or any
 * label value over a cap, refuses the batch before anything of it touches a metric. Refusals are
 * counted in {@code botwatch_events_rejected_total{reason}} and rethrown for the caller to answer.
 * Undeclared bots that fall silent are forgotten after a while ({@link BotExpiry}).
 */
public final class Ingest {
  private static final Logger log = LoggerFactory.getLogger(Ingest.class);

  private final EventParser events;
  private final StateParser states;
  private final LabelGuard guard;
  private final EventMetrics metrics;
  private final StateCollector stateCollector;
  private final SelfMetrics self;
  private final BotExpiry expiry;

  /**
   * Expiry takes the write lock, requests the read lock: a bot is never forgotten between the guard
   * admitting its request and its series being written.
   */
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  private final Runnable onChange;

  public Ingest(
      EventParser events,
      StateParser states,
      LabelGuard guard,
      EventMetrics metrics,
      StateCollector stateCollector,
      SelfMetrics self,
      BotExpiry expiry,
      Runnable onChange) {
    this.onChange = onChange;
    this.events = events;
    this.states = states;
    this.guard = guard;
    this.metrics = metrics;
    this.stateCollector = stateCollector;
    this.self = self;
    this.expiry = expiry;
  }

  /** Accepts a JSON (array or object) or NDJSON body; returns how many events were applied. */
  public int events(byte[] body, boolean ndjson) {
    expireIdle();
    List<Event> batch;
    try {
      batch = ndjson ? events.parseNdjson(body) : events.parseJson(body);
    } catch (IngestException e) {
      self.rejected(e.reason());
      onChange.run();
      throw e;
    }
    lock.readLock().lock();
    try {
      guard.admit(LabelGuard.uses(batch));
      metrics.apply(batch);
      String last = null;
      for (Event e : batch) {
        if (!e.bot().equals(last)) { // batches are mostly one bot's
          expiry.seen(e.bot());
          last = e.bot();
        }
      }
    } catch (IngestException e) {
      self.rejected(e.reason());
      onChange.run();
      throw e;
    } finally {
      lock.readLock().unlock();
    }
    Map<String, Integer> byType = new HashMap<>();
    batch.forEach(e -> byType.merge(e.type(), 1, Integer::sum));
    byType.forEach(self::received);
    onChange.run();
    return batch.size();
  }

  /** Replaces the bot's state snapshot with the body's. */
  public void state(String bot, byte[] body) {
    expireIdle();
    lock.readLock().lock();
    try {
      BotNames.check(bot, "bot");
      StateParser.Parsed p = states.parse(bot, body);
      guard.admit(p.uses());
      stateCollector.put(bot, p.state());
      expiry.seen(bot);
    } catch (IngestException e) {
      self.rejected(e.reason());
      throw e;
    } finally {
      lock.readLock().unlock();
      onChange.run();
    }
  }

  /**
   * Forgets the undeclared bots that have sent nothing for {@code ingest.bot_expiry}: their series,
   * their slot under the caps, their state. Called before each request and each scrape; cheap when
   * nothing is due. Returns how many bots were expired.
   */
  public int expireIdle() {
    List<String> due = expiry.due();
    if (due.isEmpty()) {
      return 0;
    }
    int n = 0;
    lock.writeLock().lock();
    try {
      for (String bot : due) {
        if (expiry.expire(bot)) {
          guard.forget(bot);
          metrics.forget(bot);
          stateCollector.forget(bot);
          self.expired();
          n++;
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    if (n > 0) {
      log.info("expired {} bot(s) silent for ingest.bot_expiry: {}", n, due);
      onChange.run();
    }
    return n;
  }

  /** Counts a request refused before it reached parsing (401, 413, 415). */
  public void refused(String reason) {
    self.rejected(reason);
    onChange.run();
  }
}
