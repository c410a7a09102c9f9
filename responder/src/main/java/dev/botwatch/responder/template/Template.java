package dev.botwatch.responder.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template of the config: literal text and {@code {{name}}} placeholders, each naming an alert
 * label ({@code {{bot}}} is the configured bot the step acts on). Parsing is strict: every {@code
 * {{} must open a placeholder, so a typo fails config validation instead of reaching a bot as
 * braces. This class only splits; each destination (URL, JSON, file name, argv, text) has its own
 * class that decides how a value is encoded or refused there.
 */
public final class Template {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

  /** A piece of a template. */
  public sealed interface Part {}

  /** Text taken as configured. */
  public record Literal(String text) implements Part {}

  /** A label to look up, encoded for where the template goes. */
  public record Placeholder(String name) implements Part {}

  private final String source;
  private final List<Part> parts;

  private Template(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  /**
   * Splits {@code text}; throws {@link IllegalArgumentException} naming the position of a {@code
   * {{} that opens no placeholder.
   */
  public static Template parse(String text) {
    List<Part> parts = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf("{{", at);
      if (open < 0) {
        parts.add(new Literal(text.substring(at)));
        break;
      }
      if (open > at) {
        parts.add(new Literal(text.substring(at, open)));
      }
      Matcher m = PLACEHOLDER.matcher(text).region(open, text.length());
      if (!m.lookingAt()) {
        throw new IllegalArgumentException(
            "has '{{' at position "
                + open
                + " that opens no placeholder (write {{label_name}}: letters, digits, _)");
      }
      parts.add(new Placeholder(m.group(1)));
      at = m.end();
    }
    return new Template(text, parts);
  }

  /** Whether {@code text} contains anything that looks like a placeholder. */
  public static boolean mentionsPlaceholder(String text) {
    return text != null && text.contains("{{");
  }

  public List<Part> parts() {
    return parts;
  }

  public String source() {
    return source;
  }

  /** The label names used, in order of first use. */
  public Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    for (Part p : parts) {
      if (p instanceof Placeholder ph) {
        out.add(ph.name());
      }
    }
    return out;
  }

  public boolean hasPlaceholders() {
    return parts.stream().anyMatch(p -> p instanceof Placeholder);
  }

  /** Literal text joined with each placeholder's value as {@code encode} returns it. */
  public String render(Encoder encode) throws Refusal {
    StringBuilder b = new StringBuilder(source.length() + 16);
    for (Part p : parts) {
      if (p instanceof Literal l) {
        b.append(l.text());
      } else if (p instanceof Placeholder ph) {
        b.append(encode.apply(ph.name()));
      }
    }
    return b.toString();
  }

  /** Turns a label name into the text that stands for it, or refuses. */
  @FunctionalInterface
  public interface Encoder {
    String apply(String labelName) throws Refusal;
  }
}
