package dev.botwatch.responder.notify;

import dev.botwatch.responder.action.ActionContext;
import java.time.Instant;
import java.util.Map;

/** What a notification says about the alert it is about. */
public record AlertInfo(
    String alertname,
    String bot,
    String severity,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt) {
  public AlertInfo {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** From an action's context; {@code alertname} and {@code severity} come from its labels. */
  public static AlertInfo from(ActionContext ctx, Instant startsAt) {
    return new AlertInfo(
        ctx.labels().getOrDefault("alertname", "unknown"),
        ctx.bot(),
        ctx.labels().getOrDefault("severity", "unknown"),
        ctx.labels(),
        ctx.annotations(),
        startsAt);
  }

  public String annotation(String name) {
    String v = annotations.get(name);
    return v == null || v.isBlank() ? null : v;
  }
}
