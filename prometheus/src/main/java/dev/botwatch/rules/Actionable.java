package dev.botwatch.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * No alert promises a recovery nobody performs: an alert whose {@code recovery} names a playbook
 * must carry {@code bot}, the label the responder acts on; anything else is {@code recovery: none}
 * (a notification). Generation fails otherwise, naming every offending alert.
 *
 * <p>How the generator knows an alert's labels: each spec declares them, its {@code subject} (the
 * labels that tell one firing series from another, {@code bot} unless the spec says otherwise) plus
 * its {@code fixed} labels. The declaration is not trusted on its word: the generated promtool
 * tests expect every firing alert with exactly those labels (promtool compares the whole label
 * set), so a rule whose PromQL drops {@code bot} (say {@code sum by (instance)}) while the spec
 * still declares it fails {@code promtool test rules}. The real evaluator checks the declaration;
 * nothing here parses PromQL.
 */
final class Actionable {
  static final String BOT = "bot";

  private Actionable() {}

  /** The labels a firing alert of this spec carries, besides severity and recovery. */
  static Set<String> outputLabels(AlertSpec a) {
    Set<String> out = new LinkedHashSet<>(a.subject);
    out.addAll(a.fixed.keySet());
    return out;
  }

  /** Throws when an alert asks for a recovery but has no {@code bot} to apply it to. */
  static void check(List<AlertSpec> alerts) {
    List<String> problems = new ArrayList<>();
    for (AlertSpec a : alerts) {
      Set<String> labels = outputLabels(a);
      if (!"none".equals(a.recovery) && !labels.contains(BOT)) {
        problems.add(
            a.name
                + ": recovery '"
                + a.recovery
                + "' needs the label 'bot' on the alert, but its labels are "
                + labels
                + "; the responder acts on a bot. Make it recovery none (a notification), or keep"
                + " bot in its PromQL (e.g. max by (bot, ...)) and declare it with subject(\"bot\", ...)");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "alerts promise a recovery nobody performs:\n  " + String.join("\n  ", problems));
    }
  }
}
