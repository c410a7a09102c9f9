package dev.botwatch.responder.action;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an action knows about why it runs: the bot, the alert's labels and annotations (for
 * templating URLs, bodies, argv and messages) and when the executor gives up on it.
 */
public record ActionContext(
    String bot, Map<String, String> labels, Map<String, String> annotations, Instant deadline) {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

  public ActionContext {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /**
   * Replaces {@code {{name}}} with the label of that name ({@code {{bot}}} always works). A
   * placeholder for a label the alert does not carry becomes empty, never the literal {@code
   * {{component}}}: a bot must not receive template syntax as a value.
   */
  public String render(String template) {
    if (template == null || !template.contains("{{")) {
      return template;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = "bot".equals(name) ? bot : labels.getOrDefault(name, "");
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
