package dev.botwatch.exporter.collect.source;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A log file to follow. {@code name} is the {@code file} label (default: the path). {@code levels}
 * maps a level label to a regular expression; a line counts under the level whose pattern matches
 * earliest in the line (the level field comes before the message, so "INFO - got ERROR from
 * exchange" is info), ties going to the first listed; a line no pattern matches counts as {@code
 * other}. The defaults fit Python logging ({@code ... - ERROR - ...}, {@code ERROR:root:...}) and
 * Freqtrade, Java and Go loggers alike.
 */
public record LogSource(String path, String name, Map<String, String> levels)
    implements Validatable {

  /** Level label -> pattern, in tie-break order. */
  public static final Map<String, String> DEFAULT_LEVELS = defaultLevels();

  /** The level of lines no pattern matches. */
  public static final String OTHER = "other";

  public LogSource {
    levels =
        levels == null || levels.isEmpty()
            ? DEFAULT_LEVELS
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(levels));
  }

  /** The {@code file} label value. */
  public String label() {
    return name != null ? name : path;
  }

  @Override
  public void validate(String at, Problems p) {
    p.notBlank(path, at + ".path");
    if (name != null) {
      p.notBlank(name, at + ".name");
    }
    levels.forEach(
        (level, regex) -> {
          String where = at + ".levels." + level;
          p.require(
              level.matches("[a-z][a-z0-9_]{0,31}") && !level.equals(OTHER),
              where,
              "must be a lower-case label value other than 'other'");
          try {
            Pattern.compile(regex == null ? "" : regex);
            p.notBlank(regex, where);
          } catch (PatternSyntaxException e) {
            p.add(where, "is not a regular expression: " + e.getDescription());
          }
        });
  }

  private static Map<String, String> defaultLevels() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("critical", "\\b(?:CRITICAL|FATAL)\\b");
    m.put("error", "\\bERROR\\b");
    m.put("warning", "\\bWARN(?:ING)?\\b");
    m.put("info", "\\bINFO\\b");
    m.put("debug", "\\b(?:DEBUG|TRACE)\\b");
    return java.util.Collections.unmodifiableMap(m);
  }
}
