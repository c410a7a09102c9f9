package dev.botwatch.demobot.sim;

import java.util.List;
import java.util.Map;

/**
 * What one tick produced: the batch of events for {@code POST /api/v1/events}, the state snapshot
 * for {@code PUT /api/v1/bots/{bot}/state}, log lines, and the fresh prices when they were
 * refreshed (null: the data file is left alone). A stalled tick produces nothing at all.
 */
public record TickOutput(
    boolean stalled,
    List<Map<String, Object>> events,
    Map<String, Object> state,
    List<LogLine> logs,
    Map<String, Double> refreshedPrices) {

  public static final TickOutput STALLED =
      new TickOutput(true, List.of(), Map.of(), List.of(), null);
}
