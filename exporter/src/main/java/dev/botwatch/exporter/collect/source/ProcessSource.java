package dev.botwatch.exporter.collect.source;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How to find a bot's process: exactly one of {@code pid_file} (a file holding the pid, as systemd
 * and most daemons write it), {@code name} (the executable's name, e.g. {@code freqtrade}) or
 * {@code cmdline_pattern} (a regular expression searched in the full command line, e.g. {@code
 * freqtrade trade .*--config /etc/ft/paper.json}). When several processes match a name or pattern,
 * the oldest one is taken: it is the parent of worker children.
 */
public record ProcessSource(String pidFile, String name, String cmdlinePattern)
    implements Validatable {

  @Override
  public void validate(String path, Problems p) {
    int set = (pidFile != null ? 1 : 0) + (name != null ? 1 : 0) + (cmdlinePattern != null ? 1 : 0);
    p.require(set == 1, path, "must set exactly one of pid_file, name, cmdline_pattern");
    if (pidFile != null) {
      p.notBlank(pidFile, path + ".pid_file");
    }
    if (name != null) {
      p.notBlank(name, path + ".name");
    }
    if (cmdlinePattern != null) {
      try {
        Pattern.compile(cmdlinePattern);
      } catch (PatternSyntaxException e) {
        p.add(path + ".cmdline_pattern", "is not a regular expression: " + e.getDescription());
      }
    }
  }
}
