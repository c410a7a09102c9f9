package dev.botwatch.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one profile's promtool unit tests. Per alert, one test whose subjects (bots, hosts, ...)
 * are the cases: for every severity one subject just past its threshold and one just short of it,
 * plus gates (past every threshold, but traffic too low or trading halted) that must stay silent.
 * Nothing fires one minute before {@code for} has run out; at the check time every case shows
 * exactly the alerts its value crosses, with their labels and rendered annotations.
 */
final class TestFiles {
  private TestFiles() {}

  record Case(
      String name,
      double value,
      List<AlertSpec.Level> firing,
      Probe.Scenario scenario,
      List<Probe.Series> series) {
    Case(String name, double value, List<AlertSpec.Level> firing, Probe.Scenario scenario) {
      this(name, value, firing, scenario, null);
    }
  }

  static String alerts(List<AlertSpec> alerts, Thresholds th, String profile) {
    StringBuilder out = new StringBuilder(Generator.header(profile, "tests"));
    out.append("rule_files:\n  - ../../rules/").append(profile).append("/*.yml\n");
    out.append("evaluation_interval: 1m\ntests:\n");
    for (AlertSpec a : alerts) {
      if (a.productionOnly && !profile.equals("production")) {
        continue;
      }
      alert(out, a, th, profile);
    }
    return out.toString();
  }

  private static void alert(StringBuilder out, AlertSpec a, Thresholds th, String profile) {
    long forS = Render.forSeconds(a, th, profile);
    long t = a.settleSeconds + forS + 60;
    if (a.kind == Kind.STALE) { // room for the frozen period before the check
      for (AlertSpec.Level l : a.levels) {
        t = Math.max(t, (long) a.kind.firing(l.cmp(), l.threshold().get(th, profile), forS) + 120);
      }
    }
    List<Case> cases = cases(a, th, profile, forS);
    cases.addAll(onsetCases(a, cases, t, forS));
    out.append("  - name: ").append(Yaml.scalar(a.name + " (" + profile + ")")).append('\n');
    out.append("    interval: 1m\n    input_series:\n");
    for (Case c : cases) {
      for (Probe.Series s : c.series != null ? c.series : series(a, c, t)) {
        out.append("      - series: ").append(Yaml.scalar(s.selector())).append('\n');
        out.append("        values: ").append(Yaml.scalar(s.values())).append('\n');
      }
    }
    if (cases.stream().allMatch(c -> labels(a, c.name).isEmpty())) {
      // promtool wants some input; Watchdog needs none.
      out.append("      - series: 'unrelated{job=\"none\"}'\n        values: '1x10'\n");
    }
    out.append("    alert_rule_test:\n");
    if (forS >= 60) {
      out.append("      # `for` is ").append(Thresholds.duration(forS));
      out.append(": nothing fires a minute before it has run out.\n");
      out.append("      - eval_time: ").append(Thresholds.duration(forS - 60)).append('\n');
      out.append("        alertname: ").append(a.name).append("\n        exp_alerts: []\n");
    }
    out.append("      - eval_time: ").append(Thresholds.duration(t)).append('\n');
    out.append("        alertname: ").append(a.name).append('\n');
    List<String> expected = new ArrayList<>();
    for (Case c : cases) {
      for (AlertSpec.Level l : c.firing) {
        expected.add(expectedAlert(a, l, c, th, profile));
      }
    }
    if (expected.isEmpty()) {
      out.append("        exp_alerts: []\n");
    } else {
      out.append("        exp_alerts:\n");
      expected.forEach(out::append);
    }
  }

  private static List<Probe.Series> series(AlertSpec a, Case c, long t) {
    Probe p = new Probe(labels(a, c.name), c.value, t);
    c.scenario.build(p);
    if (a.topBot != null) {
      a.topBot.scenario().build(p);
    }
    return p.series();
  }

  private static final java.util.regex.Pattern GAUGE =
      java.util.regex.Pattern.compile("(-?[0-9.]+)x(\\d+)");

  /**
   * Pins {@code for} exactly where the scenario is made of constant gauges: the quiet value turns
   * into the most severe firing value either exactly {@code for} before the check (must fire) or a
   * minute later (must not).
   */
  static List<Case> onsetCases(AlertSpec a, List<Case> cases, long t, long forS) {
    if (a.alwaysFiring || a.subject.isEmpty() || forS < 60) {
      return List.of();
    }
    Case quiet = cases.get(1);
    Case fire = cases.get(cases.size() - 2 - a.extras.size() - a.gates.size());
    List<Case> out = new ArrayList<>();
    for (String name : List.of("on_time", "late")) {
      long onset = t - forS + (name.equals("late") ? 60 : 0);
      Case c =
          new Case(name, fire.value, name.equals("late") ? List.of() : fire.firing, fire.scenario);
      List<Probe.Series> q = series(a, new Case(name, quiet.value, List.of(), quiet.scenario), t);
      List<Probe.Series> f = series(a, c, t);
      if (q.size() != f.size()) {
        return List.of();
      }
      List<Probe.Series> spliced = new ArrayList<>();
      for (int i = 0; i < q.size(); i++) {
        if (q.get(i).equals(f.get(i))) { // a series the value does not depend on
          spliced.add(q.get(i));
          continue;
        }
        var qm = GAUGE.matcher(q.get(i).values());
        var fm = GAUGE.matcher(f.get(i).values());
        if (!qm.matches() || !fm.matches() || !q.get(i).selector().equals(f.get(i).selector())) {
          return List.of();
        }
        long k = onset / 60; // samples 0..k-1 quiet, from k (= onset) on firing
        long rest = Long.parseLong(fm.group(2)) - k;
        spliced.add(
            new Probe.Series(
                q.get(i).selector(), qm.group(1) + "x" + (k - 1) + " " + fm.group(1) + "x" + rest));
      }
      out.add(new Case(c.name, c.value, c.firing, c.scenario, spliced));
    }
    return out;
  }

  private static String expectedAlert(
      AlertSpec a, AlertSpec.Level l, Case c, Thresholds th, String profile) {
    double t = l.threshold().get(th, profile);
    Map<String, String> labels = labels(a, c.name);
    StringBuilder out = new StringBuilder();
    out.append("          - exp_labels:\n");
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.put("severity", l.severity());
    all.put("recovery", a.recovery);
    all.forEach((k, v) -> Yaml.field(out, 14, k, v));
    out.append("            exp_annotations:\n");
    Yaml.field(out, 14, "summary", Render.expected(a.summary, a, t, c.value, labels, th, profile));
    Yaml.field(
        out,
        14,
        "description",
        a.expectedDescription(Render.expected(a.description, a, t, c.value, labels, th, profile)));
    Yaml.field(out, 14, "runbook_url", Render.runbook(a));
    return out.toString();
  }

  static Map<String, String> labels(AlertSpec a, String caseName) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String s : a.subject) {
      m.put(s, caseName);
    }
    m.putAll(a.fixed);
    return m;
  }

  static List<Case> cases(AlertSpec a, Thresholds th, String profile, long forS) {
    List<Case> cases = new ArrayList<>();
    if (a.alwaysFiring) {
      cases.add(new Case("always", 1, a.levels, p -> {}));
      return cases;
    }
    if (a.kind == Kind.STATE) {
      cases.add(new Case("firing", 1, a.levels, a.scenario));
      cases.add(new Case("quiet", 0, List.of(), a.scenario));
    } else {
      for (AlertSpec.Level l : a.levels) {
        double t = l.threshold().get(th, profile);
        double fire = a.kind.firing(l.cmp(), t, forS);
        double quiet = a.kind.quiet(l.cmp(), t);
        cases.add(
            new Case(
                l.severity() + "_firing", fire, crossed(a, fire, th, profile, forS), a.scenario));
        cases.add(
            new Case(
                l.severity() + "_quiet", quiet, crossed(a, quiet, th, profile, forS), a.scenario));
      }
    }
    // The most severe level's firing value (STATE: "firing").
    double worst = cases.get(cases.size() - 2).value;
    for (AlertSpec.Extra e : a.extras) {
      cases.add(new Case(e.name(), worst, a.levels, e.scenario()));
    }
    for (AlertSpec.Gate g : a.gates) {
      cases.add(new Case("silent_" + g.name(), worst, List.of(), g.scenario()));
    }
    return cases;
  }

  /** The levels a value alerts on; an age must have been past the threshold for all of `for`. */
  private static List<AlertSpec.Level> crossed(
      AlertSpec a, double v, Thresholds th, String profile, long forS) {
    double seen = a.kind == Kind.AGE || a.kind == Kind.STALE ? v - forS : v;
    List<AlertSpec.Level> out = new ArrayList<>();
    for (AlertSpec.Level l : a.levels) {
      if (l.cmp().alerts(seen, l.threshold().get(th, profile))) {
        out.add(l);
      }
    }
    return out;
  }
}
