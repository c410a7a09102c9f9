package dev.botwatch.responder.model;

import java.time.Instant;
import java.util.Map;

/**
 * One firing episode of one alert on one bot, keyed (bot, fingerprint, startsAt). {@code level} is
 * the playbook last run for it (null: none yet), {@code levelAt} when it was planned.
 */
public record Incident(
    long id,
    String bot,
    String fingerprint,
    String startsAt,
    String alertname,
    String playbook,
    String level,
    Instant levelAt,
    boolean open,
    Map<String, String> labels,
    Map<String, String> annotations) {
  public Incident {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /** The fingerprint of incidents opened by a person's emergency stop, not by an alert. */
  public static final String MANUAL = "manual";
}
