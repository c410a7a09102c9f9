package dev.botwatch.exporter.collect.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a log line by level. The level whose pattern matches earliest in the line wins: the
 * level field precedes the message, so {@code "... - INFO - got ERROR 502 from exchange"} is info.
 * Equal positions go to the level listed first. No match is {@link LogSource#OTHER}. Pure.
 */
final class LogLevels {
  private final List<String> names = new ArrayList<>();
  private final List<Pattern> patterns = new ArrayList<>();

  LogLevels(Map<String, String> levels) {
    levels.forEach(
        (name, regex) -> {
          names.add(name);
          patterns.add(Pattern.compile(regex));
        });
  }

  /** Every level label this classifier can return, {@code other} last. */
  List<String> labels() {
    List<String> all = new ArrayList<>(names);
    all.add(LogSource.OTHER);
    return all;
  }

  String classify(CharSequence line) {
    String best = LogSource.OTHER;
    int bestAt = Integer.MAX_VALUE;
    for (int i = 0; i < patterns.size(); i++) {
      Matcher m = patterns.get(i).matcher(line);
      // region() keeps the search short of the best position found so far
      m.region(0, Math.min(line.length(), bestAt == Integer.MAX_VALUE ? line.length() : bestAt));
      if (m.find() && m.start() < bestAt) {
        bestAt = m.start();
        best = names.get(i);
      }
    }
    return best;
  }
}
