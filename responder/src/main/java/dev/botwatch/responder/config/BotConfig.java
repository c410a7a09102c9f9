package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;

/**
 * One bot the responder may act on, keyed by the alert's {@code bot} label.
 *
 * <pre>{@code
 * bots:
 *   paper:
 *     control: {base_url: http://127.0.0.1:9330, token: {env: PAPER_TOKEN}, timeout: 5s}
 *     liquidation_enabled: false   # emergency stop never flattens positions unless true
 * }</pre>
 */
public record BotConfig(ControlApiConfig control, Boolean liquidationEnabled)
    implements Validatable {
  public BotConfig {
    liquidationEnabled = liquidationEnabled != null && liquidationEnabled;
  }

  @Override
  public void validate(String path, Problems p) {
    if (control != null) {
      control.validate(path + ".control", p);
    }
  }
}
