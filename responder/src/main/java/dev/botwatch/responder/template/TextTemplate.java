package dev.botwatch.responder.template;

import dev.botwatch.common.config.Problems;
import java.util.function.Function;

/**
 * A text for people: an email subject or body, a chat message. Nothing is refused here, since a
 * person reads it, but a label value is made one harmless line first: control characters (CR, LF,
 * TAB, NUL...), Unicode line separators and bidirectional overrides become spaces, a lone surrogate
 * becomes U+FFFD, and a value longer than {@value #MAX_VALUE_CHARS} characters is cut. So a label
 * can neither add an email header nor forge lines of the message, nor hide text by reordering it.
 * The JSON of a chat message is built with Jackson, never by pasting text.
 */
public final class TextTemplate {
  public static final int MAX_VALUE_CHARS = 1024;

  private final Template template;

  /** Throws {@link IllegalArgumentException} for a malformed placeholder. */
  public TextTemplate(String template) {
    this.template = Template.parse(template);
  }

  /** Config check: well-formed placeholders. */
  public static void validate(String template, String at, Problems p) {
    if (template == null) {
      return;
    }
    try {
      Template.parse(template);
    } catch (IllegalArgumentException e) {
      p.add(at, e.getMessage());
    }
  }

  /** The text with each value made {@link #oneLine one line} and bounded. */
  public String render(Function<String, String> labels) {
    try {
      return template.render(name -> value(labels.apply(name)));
    } catch (Refusal e) {
      throw new IllegalStateException("text values are never refused", e);
    }
  }

  /** A label value as it may appear in text for people. */
  public static String value(String v) {
    String line = oneLine(v);
    if (line.length() <= MAX_VALUE_CHARS) {
      return line;
    }
    int end = MAX_VALUE_CHARS - 1;
    if (Character.isHighSurrogate(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end) + "…";
  }

  /**
   * {@code s} on one line: every control character (CR and LF included), line or paragraph
   * separator and bidirectional control becomes a space; a lone surrogate becomes U+FFFD.
   */
  public static String oneLine(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        b.append('\uFFFD');
      } else if (Character.getType(c) == Character.CONTROL
          || c == '\u2028'
          || c == '\u2029'
          || Values.bidi(c)) {
        b.append(' ');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
