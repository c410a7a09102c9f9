package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.time.Duration;

/**
 * Where notices to people go: manual intervention, recovered, emergency stop, watchdog missing.
 * Either, both or neither (then notices are recorded as skipped, "no smtp").
 *
 * <p>Manual-intervention notices are grouped per bot: the first goes out at once, those that follow
 * within {@code group_window} wait and go out together as one message ("12 incidents on bot paper
 * need you"). No bot gets more than {@code max_per_hour} messages per channel in any hour; held
 * notices are never dropped, they wait for the next message. Emergency and recovered notices skip
 * the window (not the hourly limit); the critical notice of a bot an emergency stop could not stop
 * skips both.
 *
 * <pre>{@code
 * notify:
 *   email: {host: smtp.example.com, security: starttls_required, username: ops,
 *           password: {file: /run/secrets/smtp}, from: botwatch@example.com, to: [ops@example.com]}
 *   chat: {url: {env: SLACK_WEBHOOK_URL}, format: slack}
 *   group_window: 5m
 *   max_per_hour: 12
 * }</pre>
 */
public record NotifyConfig(
    EmailConfig email, ChatWebhookConfig chat, Duration groupWindow, Integer maxPerHour)
    implements Validatable {
  public static final Duration DEFAULT_GROUP_WINDOW = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_PER_HOUR = 12;

  public NotifyConfig {
    groupWindow = groupWindow == null ? DEFAULT_GROUP_WINDOW : groupWindow;
    maxPerHour = maxPerHour == null ? DEFAULT_MAX_PER_HOUR : maxPerHour;
  }

  public NotifyConfig(EmailConfig email, ChatWebhookConfig chat) {
    this(email, chat, null, null);
  }

  @Override
  public void validate(String path, Problems p) {
    if (email != null) {
      email.validate(path + ".email", p);
    }
    if (chat != null) {
      chat.validate(path + ".chat", p);
    }
    p.require(!groupWindow.isNegative(), path + ".group_window", "must be >= 0");
    p.positive(maxPerHour, path + ".max_per_hour");
  }
}
