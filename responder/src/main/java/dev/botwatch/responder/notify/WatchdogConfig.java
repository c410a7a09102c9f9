package dev.botwatch.responder.notify;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.time.Duration;

/**
 * When a missing Watchdog notification counts as a broken alert pipeline. Pick {@code
 * missing_after} above the Watchdog route's repeat_interval plus group_interval, or every quiet
 * spell raises a false alarm.
 *
 * <pre>{@code
 * watchdog:
 *   missing_after: 10m
 * }</pre>
 */
public record WatchdogConfig(Duration missingAfter) implements Validatable {
  public static final Duration DEFAULT_MISSING_AFTER = Duration.ofMinutes(10);

  public WatchdogConfig {
    missingAfter = missingAfter == null ? DEFAULT_MISSING_AFTER : missingAfter;
  }

  @Override
  public void validate(String path, Problems p) {
    p.positive(missingAfter, path + ".missing_after");
  }
}
