package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.time.Duration;

/**
 * The dead man's switch: notifications of {@code alertname} are recorded as "pipeline alive"; none
 * for {@code missing_after} sends one notice. Pick it above the Watchdog route's repeat_interval
 * plus group_interval.
 */
public record WatchdogSettings(String alertname, Duration missingAfter) implements Validatable {
  public WatchdogSettings {
    alertname = alertname == null ? "Watchdog" : alertname;
    missingAfter = missingAfter == null ? Duration.ofMinutes(10) : missingAfter;
  }

  @Override
  public void validate(String path, Problems p) {
    p.notBlank(alertname, path + ".alertname");
    p.positive(missingAfter, path + ".missing_after");
  }
}
