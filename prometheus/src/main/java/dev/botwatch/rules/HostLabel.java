package dev.botwatch.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the {@code host} label through every aggregation and vector match of a rule, so alerts and
 * recording rules name the host a bot runs on (Prometheus gives each exporter's series the {@code
 * host} label of its file_sd target; docs/scale.md). The catalog writes PromQL for one host, keyed
 * {@code by (bot …)} and {@code on (bot …)}; here {@code host} joins {@code bot} wherever bot is
 * the key:
 *
 * <pre>{@code
 * sum by (bot) (rate(bot_trades_total[1h]))   ->  sum by (host, bot) (rate(bot_trades_total[1h]))
 * x and on (bot) bot:trades:increase1h >= 10  ->  x and on (host, bot) bot:trades:increase1h >= 10
 * }</pre>
 *
 * Series without a host label (one host without file_sd labels, the generated promtool tests)
 * aggregate exactly as before: an absent label is the same empty value on both sides.
 *
 * <p>The responder's own series ({@code responder_*}) are the exception: the responder knows a bot
 * by its name, not where it runs, so they stay keyed by bot alone, and an {@code or} that adds a
 * responder term to a bot term matches {@code on (bot)}: a bot whose emergency mode both it and the
 * responder report is one alert (with its host), not two.
 */
final class HostLabel {
  private static final Pattern KEY = Pattern.compile("\\b(by|on) \\(bot(?=[,)])");
  private static final Pattern OR_RESPONDER =
      Pattern.compile("\\bor (\\w+ by \\(bot\\) \\(\\s*(?:\\w+\\()*responder_)");

  private HostLabel() {}

  static String keep(String expr) {
    String e = OR_RESPONDER.matcher(expr).replaceAll("or on (bot) $1");
    StringBuilder out = new StringBuilder();
    Matcher m = KEY.matcher(e);
    int last = 0;
    while (m.find()) {
      int listEnd = e.indexOf(')', m.end());
      String operand = operand(e, listEnd + 1);
      out.append(e, last, m.start()).append(m.group(1)).append(" (");
      if (!operand.contains("responder_")) {
        out.append("host, ");
      }
      last = m.start() + m.group(1).length() + 2;
    }
    return out.append(e.substring(last)).toString();
  }

  /**
   * The term that starts at {@code i}: a parenthesised group, or a name with its optional {@code
   * by/without (…)} clause, {@code {…}} matchers and {@code (…)} arguments.
   */
  static String operand(String e, int i) {
    int j = skipSpaces(e, i);
    if (j < e.length() && e.charAt(j) == '(') {
      return e.substring(j, group(e, j, '(', ')'));
    }
    int k = j;
    while (k < e.length()
        && (Character.isLetterOrDigit(e.charAt(k)) || "_:".indexOf(e.charAt(k)) >= 0)) {
      k++;
    }
    int next = skipSpaces(e, k);
    for (String clause : new String[] {"by (", "without ("}) {
      if (e.startsWith(clause, next)) {
        k = group(e, next + clause.length() - 1, '(', ')');
        next = skipSpaces(e, k);
      }
    }
    if (next < e.length() && e.charAt(next) == '{') {
      k = group(e, next, '{', '}');
      next = k;
    }
    if (next < e.length() && e.charAt(next) == '(') {
      k = group(e, next, '(', ')');
    }
    return e.substring(j, k);
  }

  private static int skipSpaces(String e, int i) {
    while (i < e.length() && Character.isWhitespace(e.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The index just past the bracket that closes the one at {@code open}. */
  private static int group(String e, int open, char o, char c) {
    int depth = 0;
    for (int k = open; k < e.length(); k++) {
      if (e.charAt(k) == o) {
        depth++;
      } else if (e.charAt(k) == c && --depth == 0) {
        return k + 1;
      }
    }
    return e.length();
  }
}
