package dev.botwatch.responder.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.botwatch.responder.action.Deadlines;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.action.Redact;
import dev.botwatch.responder.config.ChatWebhookConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Posts one chat message to a Slack or Discord incoming webhook in one attempt. Like Alertmanager's
 * notifiers: 2xx is success; 429, 5xx and I/O errors are retryable; any other 4xx is permanent (a
 * revoked hook stays revoked).
 *
 * <pre>{@code
 * ChatWebhookSender chat = new ChatWebhookSender(config.chat());  // resolves the URL secret now
 * Outcome o = chat.send("paper: BotDown resolved");
 * }</pre>
 *
 * <p>The URL carries the service's token, so no detail, description or exception from this class
 * contains it or its path: only the host.
 */
public final class ChatWebhookSender {
  /** Discord rejects longer content with a 400. */
  public static final int DISCORD_MAX_CHARS = 2000;

  /** Slack truncates itself beyond 40,000 characters; cut first so the end marker shows. */
  public static final int SLACK_MAX_CHARS = 40_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BODY_SNIPPET = 200;

  private final ChatWebhookConfig config;
  private final HttpClient client;
  private final URI uri;
  private final String url;

  /** Resolves the URL secret; throws {@link IllegalStateException} (no secret in it) if bad. */
  public ChatWebhookSender(ChatWebhookConfig config) {
    this(config, HttpClient.newBuilder().connectTimeout(config.timeout()).build());
  }

  public ChatWebhookSender(ChatWebhookConfig config, HttpClient client) {
    this.config = config;
    this.client = client;
    this.url = config.url().resolve();
    URI parsed;
    try {
      parsed = new URI(url);
    } catch (Exception e) {
      // The parser's message quotes the input, which contains the token.
      throw new IllegalStateException("chat webhook url from " + config.url() + " is not a URL");
    }
    if (parsed.getHost() == null
        || !("https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme()))) {
      throw new IllegalStateException(
          "chat webhook url from " + config.url() + " must be an http(s) URL with a host");
    }
    this.uri = parsed;
  }

  /** The webhook's host only (never the path, which holds the token). */
  public String target() {
    return uri.getHost();
  }

  public String describe(String text) {
    return "post a "
        + config.format().name().toLowerCase()
        + " message ("
        + text.length()
        + " chars) to "
        + uri.getHost();
  }

  public Outcome send(String text) {
    return send(text, null);
  }

  /** As {@link #send(String)}, the timeout cut to what is left until {@code deadline}. */
  public Outcome send(String text, Instant deadline) {
    Duration timeout = Deadlines.within(config.timeout(), deadline, Instant.now());
    String payload;
    try {
      payload = JSON.writeValueAsString(payload(config.format(), text));
    } catch (JsonProcessingException e) {
      return Outcome.permanent("cannot encode message: " + e.getClass().getSimpleName());
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "botwatch-responder")
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      return Outcome.retryable(where() + " timed out after " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return Outcome.retryable(where() + " i/o error: " + safe(e.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.retryable(where() + " interrupted");
    }
    int status = response.statusCode();
    String detail = where() + " answered " + status + snippet(response.body());
    if (status >= 200 && status < 300) {
      return Outcome.success(where() + " answered " + status);
    }
    if (status == 429) {
      String after = response.headers().firstValue("Retry-After").orElse(null);
      return Outcome.retryable(detail + (after == null ? "" : " (Retry-After " + after + ")"));
    }
    // 4xx other than 429: the hook is gone, revoked or the payload is wrong; retrying won't help.
    return status >= 500 ? Outcome.retryable(detail) : Outcome.permanent(detail);
  }

  /** The JSON body for one message; package-private for tests. */
  static ObjectNode payload(ChatWebhookConfig.Format format, String text) {
    ObjectNode node = JSON.createObjectNode();
    switch (format) {
      // Slack reads &, < and > as markup (<!channel> pings everyone, <url|text> hides a link):
      // escaped as Slack documents, the text shows as written.
      case SLACK -> node.put("text", truncate(slackEscape(text), SLACK_MAX_CHARS));
      case DISCORD -> {
        node.put("content", truncate(text, DISCORD_MAX_CHARS));
        // Alert text may contain "@everyone" or role mentions; never ping people by accident.
        node.putObject("allowed_mentions").putArray("parse");
      }
    }
    return node;
  }

  static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** At most {@code max} UTF-16 chars, ending in "…" when cut, never splitting a surrogate pair. */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  private String where() {
    return config.format().name().toLowerCase() + " webhook " + uri.getHost();
  }

  private String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    return ": " + Redact.bounded(safe(body.strip()), BODY_SNIPPET);
  }

  /** Removes the URL and its path (the token) from text that may echo them. */
  private String safe(String text) {
    String out = Redact.secret(text, url);
    String path = uri.getRawPath();
    if (path != null && path.length() > 1) {
      out = Redact.secret(out, path);
    }
    return out;
  }
}
