package dev.botwatch.responder.alert;

import java.time.Instant;
import java.util.Map;

/**
 * One alert of a webhook v4 payload. {@code endsAt} is null for a firing alert (Alertmanager sends
 * {@code 0001-01-01T00:00:00Z} then); {@code fingerprint} is stable per label set, and with {@code
 * startsAt} it names one firing episode.
 */
public record Alert(
    boolean firing,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    Instant endsAt,
    String generatorUrl,
    String fingerprint) {
  public Alert {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  public String label(String name) {
    return labels.get(name);
  }

  public String alertname() {
    return labels.getOrDefault("alertname", "");
  }
}
