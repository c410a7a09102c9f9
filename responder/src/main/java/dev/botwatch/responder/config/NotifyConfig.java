package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.responder.notify.ChatWebhookConfig;
import dev.botwatch.responder.notify.EmailConfig;

/**
 * Where notices to people go: manual intervention, recovered, emergency stop, watchdog missing.
 * Either, both or neither (then notices are recorded as skipped).
 *
 * <pre>{@code
 * notify:
 *   email: {host: smtp.example.com, security: starttls_required, username: ops,
 *           password: {file: /run/secrets/smtp}, from: botwatch@example.com, to: [ops@example.com]}
 *   chat: {url: {env: SLACK_WEBHOOK_URL}, format: slack}
 * }</pre>
 */
public record NotifyConfig(EmailConfig email, ChatWebhookConfig chat) implements Validatable {
  @Override
  public void validate(String path, Problems p) {
    if (email != null) {
      email.validate(path + ".email", p);
    }
    if (chat != null) {
      chat.validate(path + ".chat", p);
    }
  }
}
