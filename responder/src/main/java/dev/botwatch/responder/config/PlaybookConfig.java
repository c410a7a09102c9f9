package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.time.Duration;
import java.util.List;

/**
 * An ordered list of steps run one after another on a bot, and where the ladder goes when the alert
 * still fires after {@code verify_window} ({@code manual}: a person; absent: nowhere).
 *
 * <pre>{@code
 * playbooks:
 *   soft:
 *     steps: [{action: http, endpoint: reset-connections}]
 *     escalate_to: medium
 *     verify_window: 5m      # default: limits.verify_window
 * }</pre>
 */
public record PlaybookConfig(List<StepConfig> steps, String escalateTo, Duration verifyWindow)
    implements Validatable {
  public PlaybookConfig {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  @Override
  public void validate(String path, Problems p) {
    for (int i = 0; i < steps.size(); i++) {
      StepConfig s = steps.get(i);
      if (s == null) {
        p.add(path + ".steps[" + i + "]", "must be a mapping with an 'action' key");
      } else {
        s.validate(path + ".steps[" + i + "]", p);
      }
    }
    if (verifyWindow != null) {
      p.positive(verifyWindow, path + ".verify_window");
    }
  }
}
