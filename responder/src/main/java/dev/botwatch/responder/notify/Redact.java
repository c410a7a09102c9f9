package dev.botwatch.responder.notify;

/** Keeps secrets and unbounded text out of outcome details. */
final class Redact {
  static final String MASK = "***";

  private Redact() {}

  /** Replaces every occurrence of {@code secret} . */
  static String secret(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, MASK);
  }

  /** At most {@code max} characters, the start kept, marked when cut. */
  static String bounded(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max) + "…";
  }
}
