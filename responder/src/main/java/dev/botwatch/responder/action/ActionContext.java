package dev.botwatch.responder.action;

import java.time.Instant;
import java.util.Map;

/**
 * What an action knows about why it runs: the bot, the alert's labels and annotations (for
 * templating URLs, bodies, argv and messages) and when the executor gives up on it.
 */
public record ActionContext(
    String bot, Map<String, String> labels, Map<String, String> annotations, Instant deadline) {
  public ActionContext {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /** Replaces {@code {{name}}} with the label of that name ({@code {{bot}}} always works). */
  public String render(String template) {
    if (template == null || !template.contains("{{")) {
      return template;
    }
    String out = template.replace("{{bot}}", bot);
    for (Map.Entry<String, String> e : labels.entrySet()) {
      out = out.replace("{{" + e.getKey() + "}}", e.getValue());
    }
    return out;
  }
}
