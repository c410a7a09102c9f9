package dev.botwatch.responder.action.build;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.command.CommandAction;
import dev.botwatch.responder.action.file.RestoreFileAction;
import dev.botwatch.responder.action.freqtrade.FreqtradeAction;
import dev.botwatch.responder.action.freqtrade.FreqtradeClient;
import dev.botwatch.responder.action.http.HttpAction;
import dev.botwatch.responder.action.message.ChatAction;
import dev.botwatch.responder.action.message.EmailAction;
import dev.botwatch.responder.config.BotConfig;
import dev.botwatch.responder.config.CommandConfig;
import dev.botwatch.responder.config.FreqtradeOperation;
import dev.botwatch.responder.config.PlaybookConfig;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.config.RestoreFileConfig;
import dev.botwatch.responder.config.StepConfig;
import dev.botwatch.responder.notify.ChatWebhookSender;
import dev.botwatch.responder.notify.EmailSender;
import dev.botwatch.responder.template.JsonTemplate;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the {@link Action} for a playbook step on a bot from the config. Returns null with a
 * reason when the step cannot be built (the bot has no control API configured, say), so the step is
 * recorded as skipped instead of failing the run.
 */
public final class StepActionFactory {
  /** An action, or why there is none. */
  public record Built(Action action, StepConfig step, String whyNot, Duration budget) {
    public Built(Action action, StepConfig step, String whyNot) {
      this(action, step, whyNot, null);
    }
  }

  private final ResponderConfig config;
  private final HttpClient http;
  private final Clock clock;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  /** Body templates parsed as JSON once, by their text. */
  private final Map<String, JsonTemplate> bodies = new ConcurrentHashMap<>();

  /** One per Freqtrade bot: its login, version and last stop outlive a single step. */
  private final Map<String, FreqtradeClient> freqtrade = new ConcurrentHashMap<>();

  private final EmailSender email;
  private final ChatWebhookSender chat;
  private final ActionExecutor.Sleeper sleeper;

  public StepActionFactory(
      ResponderConfig config,
      HttpClient http,
      Clock clock,
      EmailSender emailOrNull,
      ChatWebhookSender chatOrNull,
      ActionExecutor.Sleeper sleeper) {
    this.config = config;
    this.http = http;
    this.clock = clock;
    this.email = emailOrNull;
    this.chat = chatOrNull;
    this.sleeper = sleeper;
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
    String body = HttpAction.bodyText(b.control(), h.endpoint(), h.body());
    try {
      JsonTemplate json = body == null ? null : bodies.computeIfAbsent(body, JsonTemplate::parse);
      return new Built(
          HttpAction.parsed(http, b.control(), token, h.endpoint(), json, clock::instant), h, null);
    } catch (IllegalArgumentException e) {
      return invalid(h, e);
    }
  }

  /** A step config validation would have rejected (a bad template): skipped, never run raw. */
  private static Built invalid(StepConfig step, IllegalArgumentException e) {
    return new Built(null, step, "cannot be built: " + e.getMessage());
  }

  /**
   * A Freqtrade operation on a bot, in a playbook ({@code step}) or for resume ({@code step} null),
   * through the bot's one shared {@link FreqtradeClient}.
   */
  public Built buildFreqtrade(String bot, StepConfig step, FreqtradeOperation op) {
    BotConfig b = config.bots().get(bot);
    if (b == null) {
      return new Built(null, step, "bot " + bot + " is not configured");
    }
    if (b.freqtrade() == null) {
      return new Built(null, step, "bots." + bot + ".freqtrade is not configured");
    }
    FreqtradeClient client;
    try {
      client =
          freqtrade.computeIfAbsent(
              bot,
              k ->
                  new FreqtradeClient(
                      http,
                      b.freqtrade(),
                      b.freqtrade().password().resolve(),
                      clock::instant,
                      sleeper));
    } catch (IllegalStateException ex) {
      return new Built(null, step, "freqtrade password unavailable: " + ex.getMessage());
    }
    return new Built(new FreqtradeAction(client, op), step, null);
  }

  private Built other(String bot, StepConfig step) {
    try {
      return construct(bot, step);
    } catch (IllegalArgumentException e) {
      return invalid(step, e);
    }
  }

  private Built construct(String bot, StepConfig step) {
    BotConfig b = config.bots().get(bot);
    if (step instanceof StepConfig.Command c) {
      CommandConfig cmd = c.resolve(b.restart());
      return cmd == null
          ? new Built(null, step, "bots." + bot + ".restart is not configured")
          // A command's own timeout may exceed the retry deadline (a slow restart): give it its
          // time plus a margin, or the deadline would kill every restart that takes long.
          : new Built(
              new CommandAction(cmd), step, null, cmd.timeout().plus(Duration.ofSeconds(5)));
    }
    if (step instanceof StepConfig.RestoreFile r) {
      RestoreFileConfig rf = r.resolve(b.configRestore());
      return rf == null
          ? new Built(null, step, "bots." + bot + ".config_restore is not configured")
          : new Built(new RestoreFileAction(rf, clock), step, null);
    }
    if (step instanceof StepConfig.Freqtrade f) {
      return buildFreqtrade(
          bot, step, FreqtradeOperation.valueOf(f.operation().toUpperCase(Locale.ROOT)));
    }
    if (step instanceof StepConfig.Email e) {
      return email == null
          ? new Built(null, step, "no smtp: notify.email is not configured")
          : new Built(new EmailAction(email, e.subject(), e.body()), step, null);
    }
    if (step instanceof StepConfig.Webhook w) {
      return chat == null
          ? new Built(null, step, "no chat webhook: notify.chat is not configured")
          : new Built(new ChatAction(chat, w.text()), step, null);
    }
    return new Built(null, step, "action " + step.kind() + " is not available");
  }
}
