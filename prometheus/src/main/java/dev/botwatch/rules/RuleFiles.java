package dev.botwatch.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one profile's rule files, one per group: recording rules first, then alerts. Every
 * expression keeps the {@code host} label next to {@code bot} ({@link HostLabel}).
 */
final class RuleFiles {
  private RuleFiles() {}

  static Map<String, String> render(List<AlertSpec> alerts, Thresholds th, String profile) {
    Map<String, String> files = new LinkedHashMap<>();
    for (String group : Catalog.GROUPS) {
      StringBuilder out = new StringBuilder(Generator.header(profile, "rules"));
      out.append("groups:\n  - name: botwatch-").append(group).append("\n    rules:\n");
      for (Recording.Rule r : Recording.byGroup().getOrDefault(group, List.of())) {
        out.append("      - record: ").append(r.record()).append('\n');
        Yaml.field(out, 8, "expr", HostLabel.keep(Render.keys(r.expr(), "health", th, profile)));
      }
      for (AlertSpec a : alerts) {
        if (!a.group.equals(group) || (a.productionOnly && !profile.equals("production"))) {
          continue;
        }
        for (AlertSpec.Level l : a.levels) {
          double t = l.threshold().get(th, profile);
          out.append("      - alert: ").append(a.name).append('\n');
          Yaml.field(out, 8, "expr", HostLabel.keep(Render.expr(a, l, th, profile)));
          Yaml.field(out, 8, "for", Thresholds.duration(Render.forSeconds(a, th, profile)));
          out.append("        labels:\n");
          Yaml.field(out, 10, "severity", l.severity());
          Yaml.field(out, 10, "recovery", a.recovery);
          out.append("        annotations:\n");
          Yaml.field(out, 10, "summary", Render.annotation(a.summary, a, t, th, profile));
          Yaml.field(
              out,
              10,
              "description",
              a.description(Render.annotation(a.description, a, t, th, profile)));
          Yaml.field(out, 10, "runbook_url", Render.runbook(a));
        }
      }
      files.put(group + ".yml", out.toString());
    }
    return files;
  }
}
