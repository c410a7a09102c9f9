package dev.botwatch.responder.template;

/**
 * A templated value that cannot be used safely where it would go: a label value that would climb
 * out of a directory, start an option, or a URL that would leave the configured origin. The step is
 * then recorded as {@code refused}: nothing was called, nothing is retried. The message is fit for
 * the audit trail: a label's value appears only as a short, escaped preview.
 */
public final class Refusal extends Exception {
  private static final int PREVIEW_CHARS = 40;

  public Refusal(String message) {
    super(message, null, false, false);
  }

  /** {@code label component="../x" cannot be used in a file name: it contains '..'}. */
  public static Refusal label(String name, String value, String where, String why) {
    return new Refusal(
        "label " + name + "=" + preview(value) + " cannot be used in " + where + ": " + why);
  }

  /**
   * A quoted preview of an untrusted value: at most {@value #PREVIEW_CHARS} characters, control,
   * format and non-ASCII characters escaped as {@code \\uXXXX}, so a value can neither forge lines
   * in the audit trail nor flood it.
   */
  public static String preview(String value) {
    if (value == null) {
      return "(none)";
    }
    StringBuilder b = new StringBuilder("\"");
    int n = Math.min(value.length(), PREVIEW_CHARS);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    b.append('"');
    if (value.length() > PREVIEW_CHARS) {
      b.append("... (").append(value.length()).append(" chars)");
    }
    return b.toString();
  }
}
