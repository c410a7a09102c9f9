package dev.botwatch.responder.template;

import java.util.regex.Pattern;

/** Checks shared by the destinations: what no machine-bound value may carry. */
final class Values {
  private Values() {}

  /** A set of plain words: the pattern, the longest value, and how to say what it allows. */
  record Words(Pattern safe, int max, String where, String allowed) {}

  /**
   * {@code v} if it is a non-empty word of {@code words} without {@code ..}; else a refusal naming
   * the first rule it breaks (a control character before "outside the set", as it says more).
   */
  static String plainWord(String name, String v, Words words) throws Refusal {
    String why = null;
    if (v.isEmpty()) {
      why = "it is empty (the alert does not carry it)";
    } else if (v.length() > words.max()) {
      why = "it is longer than " + words.max() + " characters";
    } else if (v.contains("..")) {
      why = "it contains '..'";
    } else if (!words.safe().matcher(v).matches()) {
      why = notCleanText(v);
      if (why == null) {
        why = "it has characters outside " + words.allowed();
      }
    }
    if (why != null) {
      throw Refusal.label(name, v, words.where(), why);
    }
    return v;
  }

  /** Why {@code v} is not clean text (a control character, broken UTF-16), or null. */
  static String notCleanText(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
          i++;
          continue;
        }
        return "it is not valid Unicode (a lone surrogate at " + i + ")";
      }
      if (Character.isLowSurrogate(c)) {
        return "it is not valid Unicode (a lone surrogate at " + i + ")";
      }
      if (Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029' || bidi(c)) {
        return String.format("it contains the control character U+%04X at %d", (int) c, i);
      }
    }
    return null;
  }

  /** Why {@code v} is not valid Unicode, or null; control characters are fine. */
  static String notUnicode(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < v.length()
          && Character.isLowSurrogate(v.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "it is not valid Unicode (a lone surrogate at " + i + ")";
      }
    }
    return null;
  }

  /** The explicit bidirectional controls that can make text read differently than it is. */
  static boolean bidi(char c) {
    return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
  }
}
