package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;

/** Where notices go. Filled in when the notify senders are wired. */
public record NotifyConfig(Object email, Object chat) implements Validatable {
  @Override
  public void validate(String path, Problems p) {}
}
