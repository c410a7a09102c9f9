package dev.botwatch.exporter.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.time.Duration;
import java.util.Map;

/**
 * How one collector runs: {@code collectors.<name>.enabled}, {@code .interval}, {@code .timeout}.
 * Every field is optional; {@link #DEFAULTS} fills what is left out, so {@code collectors:} may be
 * omitted entirely.
 */
public record CollectorSettings(Boolean enabled, Duration interval, Duration timeout)
    implements Validatable {

  /**
   * The defaults of every known collector. Host figures change slowly and OSHI reads are not free;
   * process and log files are cheap and show a dead bot quickly; probes and the Freqtrade API are
   * remote calls, so they run less often and get the longest timeouts.
   */
  public static final Map<String, CollectorSettings> DEFAULTS =
      Map.of(
          "host", of(true, 10, 5),
          "process", of(true, 5, 3),
          "logfile", of(true, 5, 3),
          "files", of(true, 10, 5),
          "probe", of(true, 15, 12),
          "freqtrade", of(true, 15, 10));

  /** For a collector without defaults of its own (tests' fakes). */
  public static final CollectorSettings OTHER = of(true, 10, 5);

  private static CollectorSettings of(boolean on, int intervalSeconds, int timeoutSeconds) {
    return new CollectorSettings(
        on, Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(timeoutSeconds));
  }

  /** This record with every missing field taken from {@code defaults}. */
  public CollectorSettings orElse(CollectorSettings defaults) {
    return new CollectorSettings(
        enabled != null ? enabled : defaults.enabled(),
        interval != null ? interval : defaults.interval(),
        timeout != null ? timeout : defaults.timeout());
  }

  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  @Override
  public void validate(String path, Problems p) {
    if (interval != null) {
      p.positive(interval, path + ".interval");
    }
    if (timeout != null) {
      p.positive(timeout, path + ".timeout");
    }
  }
}
