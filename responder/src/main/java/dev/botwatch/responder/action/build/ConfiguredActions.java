package dev.botwatch.responder.action.build;

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
 * The {@link ActionFactory} of the configuration: each step kind with its bot's section (control
 * API, Freqtrade, restart command, config restore) and the notify senders. Secrets are resolved on
 * first use and kept; each Freqtrade bot has one client, whose login and last stop outlive a step.
 */
public final class ConfiguredActions implements ActionFactory {

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

  public ConfiguredActions(
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

  @Override
  public Built build(String bot, String playbook, int seq) {
    PlaybookConfig pb = config.playbooks().get(playbook);
    if (pb == null || seq >= pb.steps().size()) {
      return Built.none(
          null, "unknown", "playbook " + playbook + " step " + seq + " is not configured");
    }
    StepConfig step = pb.steps().get(seq);
    BotConfig b = config.bots().get(bot);
    if (b == null) {
      return none(step, "bot " + bot + " is not configured");
    }
    if (step instanceof StepConfig.Http h) {
      return buildHttp(bot, h);
    }
    return other(bot, step);
  }

  /**
   * Resume goes the way the bot's emergency sequence stopped it: a bot stopped through Freqtrade
   * resumes through Freqtrade, one with a control API there.
   */
  @Override
  public Built resume(String bot) {
    return resumesThroughFreqtrade(bot)
        ? buildFreqtrade(bot, null, FreqtradeOperation.RESUME)
        : buildHttp(bot, StepConfig.Http.of("resume"));
  }

  /** True when the bot's emergency sequence stops it through Freqtrade. */
  private boolean resumesThroughFreqtrade(String bot) {
    PlaybookConfig pb = config.playbooks().get(config.emergencyPlaybookFor(bot));
    if (pb != null && !pb.steps().isEmpty()) {
      return pb.steps().get(pb.steps().size() - 1) instanceof StepConfig.Freqtrade;
    }
    BotConfig b = config.bots().get(bot);
    return b != null && b.control() == null && b.freqtrade() != null;
  }

  /** Why {@code step} (the http or freqtrade step of a resume, when null) cannot be built. */
  private static Built none(StepConfig step, String whyNot) {
    return Built.none(step, step == null ? "freqtrade" : step.kind(), whyNot);
  }

  /** An {@code http} step on a bot, also used for {@code resume} outside any playbook. */
  private Built buildHttp(String bot, StepConfig.Http h) {
    BotConfig b = config.bots().get(bot);
    if (b == null) {
      return none(h, "bot " + bot + " is not configured");
    }
    if (b.control() == null) {
      return none(h, "bots." + bot + ".control is not configured");
    }
    String token = null;
    if (b.control().token() != null) {
      try {
        token = tokens.computeIfAbsent(bot, k -> b.control().token().resolve());
      } catch (IllegalStateException e) {
        return none(h, "control token unavailable: " + e.getMessage());
      }
    }
    String body = HttpAction.bodyText(b.control(), h.endpoint(), h.body());
    try {
      JsonTemplate json = body == null ? null : bodies.computeIfAbsent(body, JsonTemplate::parse);
      return Built.of(
          HttpAction.parsed(http, b.control(), token, h.endpoint(), json, clock::instant), h);
    } catch (IllegalArgumentException e) {
      return invalid(h, e);
    }
  }

  /** A step config validation would have rejected (a bad template): skipped, never run raw. */
  private static Built invalid(StepConfig step, IllegalArgumentException e) {
    return none(step, "cannot be built: " + e.getMessage());
  }

  /**
   * A Freqtrade operation on a bot, in a playbook ({@code step}) or for resume ({@code step} null),
   * through the bot's one shared {@link FreqtradeClient}.
   */
  private Built buildFreqtrade(String bot, StepConfig step, FreqtradeOperation op) {
    BotConfig b = config.bots().get(bot);
    if (b == null) {
      return none(step, "bot " + bot + " is not configured");
    }
    if (b.freqtrade() == null) {
      return none(step, "bots." + bot + ".freqtrade is not configured");
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
      return none(step, "freqtrade password unavailable: " + ex.getMessage());
    }
    return Built.of(new FreqtradeAction(client, op), step);
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
          ? none(step, "bots." + bot + ".restart is not configured")
          // A command's own timeout may exceed the retry deadline (a slow restart): give it its
          // time plus a margin, or the deadline would kill every restart that takes long.
          : new Built(
              new CommandAction(cmd),
              step,
              null,
              cmd.timeout().plus(Duration.ofSeconds(5)),
              step.kind());
    }
    if (step instanceof StepConfig.RestoreFile r) {
      RestoreFileConfig rf = r.resolve(b.configRestore());
      return rf == null
          ? none(step, "bots." + bot + ".config_restore is not configured")
          : Built.of(new RestoreFileAction(rf, clock), step);
    }
    if (step instanceof StepConfig.Freqtrade f) {
      return buildFreqtrade(
          bot, step, FreqtradeOperation.valueOf(f.operation().toUpperCase(Locale.ROOT)));
    }
    if (step instanceof StepConfig.Email e) {
      return email == null
          ? none(step, "no smtp: notify.email is not configured")
          : Built.of(new EmailAction(email, e.subject(), e.body()), step);
    }
    if (step instanceof StepConfig.Webhook w) {
      return chat == null
          ? none(step, "no chat webhook: notify.chat is not configured")
          : Built.of(new ChatAction(chat, w.text()), step);
    }
    return none(step, "action " + step.kind() + " is not available");
  }
}
