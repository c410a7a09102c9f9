package dev.botwatch.responder.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.responder.template.JsonTemplate;
import dev.botwatch.responder.template.TextTemplate;
import java.time.Duration;
import java.util.List;

/**
 * One step of a playbook, chosen by its {@code action:} key. Every step may say {@code dry_run:
 * true}: planned and recorded, nothing called.
 *
 * <p>Templates ({@code {{bot}}}, {@code {{<label>}}}) are checked here and rendered by {@code
 * dev.botwatch.responder.template}, each encoded for where it goes.
 *
 * <pre>{@code
 * - action: http
 *   endpoint: restart-component          # a bot contract action; see bots.<bot>.control.endpoints
 *   body: '{"component": "{{component}}"}'   # JSON; placeholders only inside string values
 * - action: command                      # argv, no shell; without argv: bots.<bot>.restart
 *   argv: [systemctl, restart, "bot-{{bot}}"]   # argv[0] never templated
 * - action: restore_file                 # without path: bots.<bot>.config_restore
 * - action: email                        # notify.email; subject/body templates optional
 * - action: webhook                      # notify.chat; text template optional
 * }</pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "action")
@JsonSubTypes({
  @JsonSubTypes.Type(value = StepConfig.Http.class, name = "http"),
  @JsonSubTypes.Type(value = StepConfig.Command.class, name = "command"),
  @JsonSubTypes.Type(value = StepConfig.RestoreFile.class, name = "restore_file"),
  @JsonSubTypes.Type(value = StepConfig.Freqtrade.class, name = "freqtrade"),
  @JsonSubTypes.Type(value = StepConfig.Email.class, name = "email"),
  @JsonSubTypes.Type(value = StepConfig.Webhook.class, name = "webhook"),
})
public sealed interface StepConfig extends Validatable {
  /** The name in {@code responder_actions_total{action}} and the audit store. */
  String name();

  String kind();

  /** {@code dry_run: true} on this step. */
  boolean dry();

  /** A call to the bot's control API. {@code body} overrides the endpoint's body template. */
  record Http(String endpoint, String body, Boolean dryRun) implements StepConfig {
    @Override
    public boolean dry() {
      return dryRun != null && dryRun;
    }

    public static Http of(String endpoint) {
      return new Http(endpoint, null, false);
    }

    @Override
    public String name() {
      return endpoint;
    }

    @Override
    public String kind() {
      return "http";
    }

    @Override
    public void validate(String path, Problems p) {
      p.require(
          endpoint != null && endpoint.matches("[a-z0-9_-]{1,64}"),
          path + ".endpoint",
          "must be a control action name such as reset-connections");
      JsonTemplate.validate(body, path + ".body", p);
    }
  }

  /**
   * A program, argv only (no shell). Without {@code argv} it runs the bot's {@code restart} command
   * and counts against {@code max_restarts_per_hour} wherever it appears.
   */
  record Command(List<String> argv, Duration timeout, Boolean dryRun) implements StepConfig {
    @Override
    public boolean dry() {
      return dryRun != null && dryRun;
    }

    @Override
    public String name() {
      return argv == null ? "restart" : "command";
    }

    @Override
    public String kind() {
      return "command";
    }

    /** The command for {@code bot}: this step's argv, else the bot's restart; null if neither. */
    public CommandConfig resolve(CommandConfig botRestart) {
      if (argv == null) {
        return botRestart;
      }
      return new CommandConfig(argv, timeout, null, null, null, null);
    }

    @Override
    public void validate(String path, Problems p) {
      if (argv != null) {
        resolve(null).validate(path, p);
      }
    }
  }

  /** Back up a broken file and put the known-good copy back; default: bots.<bot>.config_restore. */
  record RestoreFile(String path, String knownGood, Boolean dryRun) implements StepConfig {
    @Override
    public boolean dry() {
      return dryRun != null && dryRun;
    }

    @Override
    public String name() {
      return "restore_file";
    }

    @Override
    public String kind() {
      return "restore_file";
    }

    public RestoreFileConfig resolve(RestoreFileConfig botDefault) {
      return path == null ? botDefault : new RestoreFileConfig(path, knownGood, null, null);
    }

    @Override
    public void validate(String at, Problems p) {
      if (path != null || knownGood != null) {
        resolve(null).validate(at, p);
      }
    }
  }

  /**
   * An operation on a Freqtrade bot ({@code bots.<bot>.freqtrade}): stop_entries, force_exit_all,
   * cancel_open_orders, stop, start, reload_config, resume (see {@code FreqtradeAction}).
   */
  record Freqtrade(String operation, Boolean dryRun) implements StepConfig {
    @Override
    public boolean dry() {
      return dryRun != null && dryRun;
    }

    @Override
    public String name() {
      return operation;
    }

    @Override
    public String kind() {
      return "freqtrade";
    }

    @Override
    public void validate(String path, Problems p) {
      java.util.List<String> ops = new java.util.ArrayList<>();
      for (FreqtradeOperation o : FreqtradeOperation.values()) {
        ops.add(o.id());
      }
      p.require(
          ops.contains(operation), path + ".operation", "must be one of " + String.join(", ", ops));
    }
  }

  /** An email through {@code notify.email}. */
  record Email(String subject, String body, Boolean dryRun) implements StepConfig {
    @Override
    public boolean dry() {
      return dryRun != null && dryRun;
    }

    @Override
    public String name() {
      return "email";
    }

    @Override
    public String kind() {
      return "email";
    }

    @Override
    public void validate(String path, Problems p) {
      TextTemplate.validate(subject, path + ".subject", p);
      TextTemplate.validate(body, path + ".body", p);
    }
  }

  /** A chat message through {@code notify.chat}. */
  record Webhook(String text, Boolean dryRun) implements StepConfig {
    @Override
    public boolean dry() {
      return dryRun != null && dryRun;
    }

    @Override
    public String name() {
      return "webhook";
    }

    @Override
    public String kind() {
      return "webhook";
    }

    @Override
    public void validate(String path, Problems p) {
      TextTemplate.validate(text, path + ".text", p);
    }
  }
}
