package dev.botwatch.exporter.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the event and state endpoints do, without HTTP: parse and validate the whole body, admit its
 * label values under the caps, then apply it. A batch is all-or-nothing: any bad event, or any
 * label value over a cap, refuses the batch before anything of it touches a metric. Refusals are
 * counted in {@code botwatch_events_rejected_total{reason}} and rethrown for the caller to answer.
 */
public final class Ingest {
  private final EventParser events;
  private final StateParser states;
  private final LabelGuard guard;
  private final EventMetrics metrics;
  private final StateCollector stateCollector;
  private final SelfMetrics self;
  private final Runnable onChange;

  public Ingest(
      EventParser events,
      StateParser states,
      LabelGuard guard,
      EventMetrics metrics,
      StateCollector stateCollector,
      SelfMetrics self) {
    this(events, states, guard, metrics, stateCollector, self, () -> {});
  }

  /**
   * @param onChange runs after every request that changed a metric (accepted or counted as
   *     refused), so a cached exposition is rendered anew for the next scrape
   */
  public Ingest(
      EventParser events,
      StateParser states,
      LabelGuard guard,
      EventMetrics metrics,
      StateCollector stateCollector,
      SelfMetrics self,
      Runnable onChange) {
    this.onChange = onChange;
    this.events = events;
    this.states = states;
    this.guard = guard;
    this.metrics = metrics;
    this.stateCollector = stateCollector;
    this.self = self;
  }

  /** Accepts a JSON (array or object) or NDJSON body; returns how many events were applied. */
  public int events(byte[] body, boolean ndjson) {
    List<Event> batch;
    try {
      batch = ndjson ? events.parseNdjson(body) : events.parseJson(body);
      guard.admit(LabelGuard.uses(batch));
    } catch (IngestException e) {
      self.rejected(e.reason());
      onChange.run();
      throw e;
    }
    metrics.apply(batch);
    Map<String, Integer> byType = new HashMap<>();
    batch.forEach(e -> byType.merge(e.type(), 1, Integer::sum));
    byType.forEach(self::received);
    onChange.run();
    return batch.size();
  }

  /** Replaces the bot's state snapshot with the body's. */
  public void state(String bot, byte[] body) {
    try {
      BotNames.check(bot, "bot");
      StateParser.Parsed p = states.parse(bot, body);
      guard.admit(p.uses());
      stateCollector.put(bot, p.state());
    } catch (IngestException e) {
      self.rejected(e.reason());
      throw e;
    } finally {
      onChange.run();
    }
  }

  /** Counts a request refused before it reached parsing (401, 413, 415). */
  public void refused(String reason) {
    self.rejected(reason);
    onChange.run();
  }
}
