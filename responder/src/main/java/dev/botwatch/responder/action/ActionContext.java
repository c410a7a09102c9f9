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

  /**
   * The value a template's {@code {{name}}} stands for: the bot for {@code bot}, else the alert's
   * label, or empty when the alert does not carry it (never the literal braces). Untrusted: only
   * the template classes of {@code dev.botwatch.responder.template} put it anywhere, each encoding
   * it for its destination; there is deliberately no plain text substitution here.
   */
  public String label(String name) {
    return "bot".equals(name) ? bot : labels.getOrDefault(name, "");
  }
}
