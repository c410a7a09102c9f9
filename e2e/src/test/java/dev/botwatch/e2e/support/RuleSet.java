package dev.botwatch.e2e.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.botwatch.common.config.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real rule files of a profile, prepared for a test that cannot wait minutes: every range
 * window ({@code [5m]}) and {@code for:} is divided by {@code factor} (ranges no shorter than 5 s,
 * so a 1 s scrape still gives rate() enough samples), and optionally only some alerts are kept
 * (recording rules always stay). PromQL is otherwise untouched, so the loop exercises the rules we
 * ship.
 */
public final class RuleSet {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern RANGE = Pattern.compile("\\[(\\d+)([smhd])(?=[\\]:])");

  private RuleSet() {}

  public static List<Path> profileFiles(String profile) {
    Path dir = Binaries.root().resolve("prometheus/rules").resolve(profile);
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
      if (files.isEmpty()) {
        throw new AssertionError("no rule files in " + dir);
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes compressed copies of the profile's rule files into {@code out}; returns them. */
  public static List<Path> compressed(
      String profile, int factor, Set<String> onlyAlerts, Path out) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(out);
      for (Path f : profileFiles(profile)) {
        ObjectNode doc = (ObjectNode) YAML.readTree(f.toFile());
        for (var group : doc.withArray("groups")) {
          ArrayNode kept = YAML.createArrayNode();
          for (var rule : group.withArray("rules")) {
            ObjectNode r = (ObjectNode) rule;
            if (r.has("alert")
                && onlyAlerts != null
                && !onlyAlerts.contains(r.get("alert").asText())) {
              continue;
            }
            r.put("expr", compressRanges(r.get("expr").asText(), factor));
            if (r.has("for")) {
              r.put(
                  "for",
                  seconds(Durations.parse(r.get("for").asText()).toSeconds() / factor, 1) + "s");
            }
            kept.add(r);
          }
          ((ObjectNode) group).set("rules", kept);
          if (((ObjectNode) group).has("interval")) {
            ((ObjectNode) group).remove("interval");
          }
        }
        Path target = out.resolve(f.getFileName());
        YAML.writeValue(target.toFile(), doc);
        written.add(target);
      }
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String compressRanges(String expr, int factor) {
    Matcher m = RANGE.matcher(expr);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      long s = Durations.parse(m.group(1) + m.group(2)).toSeconds();
      m.appendReplacement(sb, "[" + seconds(s / factor, 5) + "s");
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static long seconds(double v, long floor) {
    return Math.max(floor, Math.round(v));
  }
}
