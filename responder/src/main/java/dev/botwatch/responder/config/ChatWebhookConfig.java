package dev.botwatch.responder.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import java.time.Duration;

/**
 * A Slack or Discord incoming webhook. The URL is a {@link Secret}: both services put the token in
 * the URL path, so whoever has the URL can post.
 *
 * <pre>{@code
 * chat:
 *   url: {env: BOTWATCH_SLACK_WEBHOOK_URL}
 *   format: slack        # slack | discord
 *   timeout: 10s
 * }</pre>
 */
public record ChatWebhookConfig(Secret url, Format format, Duration timeout)
    implements Validatable {

  /** The JSON shape the service expects. */
  public enum Format {
    /** {@code {"text": "..."}} */
    @JsonProperty("slack")
    SLACK,
    /** {@code {"content": "..."}}, at most 2000 characters. */
    @JsonProperty("discord")
    DISCORD
  }

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public ChatWebhookConfig {
    format = format == null ? Format.SLACK : format;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  @Override
  public void validate(String path, Problems p) {
    if (url == null) {
      p.add(path + ".url", "must be set");
    } else {
      url.validate(path + ".url", p);
    }
    p.positive(timeout, path + ".timeout");
  }
}
