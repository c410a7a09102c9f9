package dev.botwatch.responder.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;

/**
 * One step of a playbook, chosen by its {@code action:} key. Every step may say {@code dry_run:
 * true}: planned and recorded, nothing called.
 *
 * <pre>{@code
 * - action: http
 *   endpoint: restart-component          # a bot contract action; see bots.<bot>.control.endpoints
 *   body: '{"component": "{{component}}"}'
 * - action: email                        # notify.email; subject/body templates optional
 * - action: webhook                      # notify.chat; text template optional
 * }</pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "action")
@JsonSubTypes({
  @JsonSubTypes.Type(value = StepConfig.Http.class, name = "http"),
  @JsonSubTypes.Type(value = StepConfig.Email.class, name = "email"),
  @JsonSubTypes.Type(value = StepConfig.Webhook.class, name = "webhook"),
})
public sealed interface StepConfig extends Validatable {
  /** The name in {@code responder_actions_total{action}} and the audit store. */
  String name();

  String kind();

  boolean dryRun();

  /** A call to the bot's control API. {@code body} overrides the endpoint's body template. */
  record Http(String endpoint, String body, boolean dryRun) implements StepConfig {
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
    }
  }

  /** An email through {@code notify.email}. */
  record Email(String subject, String body, boolean dryRun) implements StepConfig {
    @Override
    public String name() {
      return "email";
    }

    @Override
    public String kind() {
      return "email";
    }

    @Override
    public void validate(String path, Problems p) {}
  }

  /** A chat message through {@code notify.chat}. */
  record Webhook(String text, boolean dryRun) implements StepConfig {
    @Override
    public String name() {
      return "webhook";
    }

    @Override
    public String kind() {
      return "webhook";
    }

    @Override
    public void validate(String path, Problems p) {}
  }
}
