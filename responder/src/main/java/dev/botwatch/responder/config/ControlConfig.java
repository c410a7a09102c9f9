package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;

/**
 * The token people (and the console) use for {@code POST /api/v1/bots/{bot}/emergency-stop} and
 * {@code /resume}. Without it those endpoints answer 401 to everyone: resuming trading is never
 * open.
 */
public record ControlConfig(Secret token) implements Validatable {
  @Override
  public void validate(String path, Problems p) {
    if (token != null) {
      token.validate(path + ".token", p);
    }
  }
}
