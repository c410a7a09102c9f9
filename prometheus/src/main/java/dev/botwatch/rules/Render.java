package dev.botwatch.rules;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the catalog's placeholders: {@code %T%} (the severity's threshold; {@code %W%} the same as
 * a range window), {@code %VALUE%}, {@code %FOR%}, and {@code %key%} / {@code %Alert.key%} (another
 * number of thresholds.yml, as a plain number). For expected test annotations it also expands
 * {@code {{ $labels.x }}}.
 */
final class Render {
  private static final Pattern KEY = Pattern.compile("%(?:([A-Za-z]+)\\.)?([a-z_]+)%");
  private static final Pattern LABEL = Pattern.compile("\\{\\{ \\$labels\\.(\\w+) \\}\\}");

  private Render() {}

  /** Replaces {@code %key%} tokens with numbers from thresholds.yml. */
  static String keys(String s, String alert, Thresholds th, String profile) {
    Matcher m = KEY.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String owner = m.group(1) != null ? m.group(1) : alert;
      m.appendReplacement(
          sb, Matcher.quoteReplacement(Probe.num(th.num(owner, m.group(2), profile))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static String expr(AlertSpec a, AlertSpec.Level l, Thresholds th, String profile) {
    double t = l.threshold().get(th, profile);
    String e = l.expr().replace("%T%", Probe.num(t));
    if (e.contains("%W%")) {
      if (t != Math.rint(t) || t < 1) {
        throw new IllegalArgumentException(a.name + ": a window must be whole seconds, not " + t);
      }
      e = e.replace("%W%", Thresholds.duration((long) t));
    }
    return keys(e, a.name, th, profile);
  }

  /** An annotation as the rule file states it. */
  static String annotation(String template, AlertSpec a, double t, Thresholds th, String profile) {
    String s = template.replace("%FOR%", Thresholds.duration(forSeconds(a, th, profile)));
    if (a.kind != Kind.STATE) {
      s = s.replace("%VALUE%", a.kind.valueTemplate()).replace("%T%", a.kind.human(t));
    }
    return keys(s, a.name, th, profile);
  }

  /** An annotation as promtool must see it for a firing alert with these labels and value. */
  static String expected(
      String template,
      AlertSpec a,
      double t,
      double value,
      Map<String, String> labels,
      Thresholds th,
      String profile) {
    String s = template.replace("%FOR%", Thresholds.duration(forSeconds(a, th, profile)));
    if (a.kind != Kind.STATE) {
      s = s.replace("%VALUE%", a.kind.human(value)).replace("%T%", a.kind.human(t));
    }
    s = keys(s, a.name, th, profile);
    Matcher m = LABEL.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(labels.getOrDefault(m.group(1), "")));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static long forSeconds(AlertSpec a, Thresholds th, String profile) {
    return th.seconds(a.name, "for", profile);
  }

  static String runbook(AlertSpec a) {
    return Generator.RUNBOOK_BASE + "#" + a.anchor();
  }
}
