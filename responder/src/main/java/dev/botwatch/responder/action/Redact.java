package dev.botwatch.responder.action;

/** Keeps secrets and unbounded text out of outcome details. */
public final class Redact {
  public static final String MASK = "***";

  private Redact() {}

  /** Replaces every occurrence of {@code secret} . */
  public static String secret(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, MASK);
  }

  /**
   * Masks the end of {@code secret} where {@code text} starts with it: text that was cut from a
   * longer output may begin in the middle of a secret, which {@link #secret} cannot see.
   */
  public static String cutSecret(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    for (int k = secret.length() - 1; k > 0; k--) {
      if (text.startsWith(secret.substring(secret.length() - k))) {
        return MASK + text.substring(k);
      }
    }
    return text;
  }

  /** At most {@code max} characters, the start kept, marked when cut. */
  public static String bounded(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max) + "…";
  }
}
