package dev.botwatch.responder;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.HttpAction;
import dev.botwatch.responder.config.BotConfig;
import dev.botwatch.responder.config.PlaybookConfig;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.config.StepConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the {@link Action} for a playbook step on a bot from the config. Returns null with a
 * reason when the step cannot be built (the bot has no control API configured, say), so the step is
 * recorded as skipped instead of failing the run.
 */
public class StepActions {
  /** An action, or why there is none. */
  public record Built(Action action, StepConfig step, String whyNot) {}

  private final ResponderConfig config;
  private final HttpClient http;
  private final Clock clock;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  public StepActions(ResponderConfig config, HttpClient http, Clock clock) {
    this.config = config;
    this.http = http;
    this.clock = clock;
  }

  public Built build(String bot, String playbook, int seq) {
    PlaybookConfig pb = config.playbooks().get(playbook);
    if (pb == null || seq >= pb.steps().size()) {
      return new Built(null, null, "playbook " + playbook + " step " + seq + " is not configured");
    }
    StepConfig step = pb.steps().get(seq);
    BotConfig b = config.bots().get(bot);
    if (b == null) {
      return new Built(null, step, "bot " + bot + " is not configured");
    }
    if (step instanceof StepConfig.Http h) {
      return buildHttp(bot, h);
    }
    return other(bot, step);
  }

  /** An {@code http} step on a bot, also used for {@code resume} outside any playbook. */
  public Built buildHttp(String bot, StepConfig.Http h) {
    BotConfig b = config.bots().get(bot);
    if (b == null) {
      return new Built(null, h, "bot " + bot + " is not configured");
    }
    if (b.control() == null) {
      return new Built(null, h, "bots." + bot + ".control is not configured");
    }
    String token = null;
    if (b.control().token() != null) {
      try {
        token = tokens.computeIfAbsent(bot, k -> b.control().token().resolve());
      } catch (IllegalStateException e) {
        return new Built(null, h, "control token unavailable: " + e.getMessage());
      }
    }
    return new Built(
        new HttpAction(http, b.control(), token, h.endpoint(), h.body(), clock::instant), h, null);
  }

  /** Step kinds beyond {@code http}; overridden where notify's actions are wired. */
  protected Built other(String bot, StepConfig step) {
    return new Built(null, step, "action " + step.kind() + " is not available");
  }
}
