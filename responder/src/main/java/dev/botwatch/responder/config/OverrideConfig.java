package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Sends alerts whose labels match to another playbook than their {@code recovery} label names; the
 * first matching override wins. {@code match} compares exactly, {@code match_re} with an anchored
 * regular expression, as Alertmanager matchers do. {@code bot} names the configured bot an alert
 * without a {@code bot} label acts on (a host alert on a single-bot host); it never redirects an
 * alert that carries a {@code bot} label.
 *
 * <pre>{@code
 * overrides:
 *   - match: {bot: live, alertname: BotMemoryHigh}
 *     playbook: none            # never restart the live bot for memory
 *   - match: {alertname: HostCpuHigh}
 *     playbook: hard            # this host runs one bot: restart it
 *     bot: mybot
 * }</pre>
 */
public record OverrideConfig(
    Map<String, String> match, Map<String, String> matchRe, String playbook, String bot)
    implements Validatable {
  public OverrideConfig {
    match = match == null ? Map.of() : Map.copyOf(match);
    matchRe = matchRe == null ? Map.of() : Map.copyOf(matchRe);
  }

  public boolean matches(Map<String, String> labels) {
    for (Map.Entry<String, String> e : match.entrySet()) {
      if (!e.getValue().equals(labels.getOrDefault(e.getKey(), ""))) {
        return false;
      }
    }
    for (Map.Entry<String, String> e : matchRe.entrySet()) {
      if (!Pattern.matches(e.getValue(), labels.getOrDefault(e.getKey(), ""))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void validate(String path, Problems p) {
    p.notBlank(playbook, path + ".playbook");
    p.require(!match.isEmpty() || !matchRe.isEmpty(), path + ".match", "must list a label");
    matchRe.forEach(
        (k, v) -> {
          try {
            Pattern.compile(v);
          } catch (PatternSyntaxException e) {
            p.add(path + ".match_re." + k, "is not a regular expression");
          }
        });
  }
}
