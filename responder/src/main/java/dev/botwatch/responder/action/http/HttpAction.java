package dev.botwatch.responder.action.http;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.config.ControlApiConfig;
import dev.botwatch.responder.template.JsonTemplate;
import dev.botwatch.responder.template.Refusal;
import dev.botwatch.responder.template.UrlTemplate;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Action kind {@code http}: one call to a bot's control API (docs/contracts.md). 2xx is success;
 * 5xx, 408, 429, connect errors, resets and timeouts are worth another try; any other status is
 * permanent (a 404 will not heal by retrying). The URL comes from a {@link UrlTemplate} (label
 * values percent-encoded, never off the base URL's origin) and the body from a {@link JsonTemplate}
 * (a JSON tree, label values as JSON strings); a label that cannot be used safely makes the step
 * {@code refused} before anything is sent. Details name the method, path and origin only: never the
 * token, never a query string.
 */
public final class HttpAction implements Action {
  private final HttpClient client;
  private final UrlTemplate url;
  private final JsonTemplate body;
  private final String tokenOrNull;
  private final Duration timeout;
  private final String action;
  private final String method;
  private final Supplier<Instant> now;

  /**
   * @param token the bearer token, already resolved, or null
   * @param bodyOverride the step's body template, or null for the endpoint's
   * @throws IllegalArgumentException when the path or body template is invalid (config validation
   *     catches that first)
   */
  public HttpAction(
      HttpClient client,
      ControlApiConfig api,
      String token,
      String action,
      String bodyOverride,
      Supplier<Instant> now) {
    this(client, api, token, action, now, body(api, action, bodyOverride));
  }

  /** As the constructor, with the body template already parsed ({@code body} null: no body). */
  public static HttpAction parsed(
      HttpClient client,
      ControlApiConfig api,
      String token,
      String action,
      JsonTemplate body,
      Supplier<Instant> now) {
    return new HttpAction(client, api, token, action, now, body);
  }

  private HttpAction(
      HttpClient client,
      ControlApiConfig api,
      String token,
      String action,
      Supplier<Instant> now,
      JsonTemplate body) {
    ControlApiConfig.EndpointConfig e = api.endpoint(action);
    this.client = client;
    this.url = new UrlTemplate(api.baseUrl(), e.path());
    this.body = body;
    this.tokenOrNull = token;
    this.timeout = api.timeout();
    this.action = action;
    this.method = e.method();
    this.now = now;
  }

  /** The body template text of a step on this endpoint: the step's, else the endpoint's. */
  public static String bodyText(ControlApiConfig api, String action, String bodyOverride) {
    return bodyOverride != null ? bodyOverride : api.endpoint(action).body();
  }

  private static JsonTemplate body(ControlApiConfig api, String action, String bodyOverride) {
    String text = bodyText(api, action, bodyOverride);
    return text == null ? null : JsonTemplate.parse(text);
  }

  @Override
  public String kind() {
    return "http";
  }

  @Override
  public String target() {
    return url.origin();
  }

  @Override
  public String describe(ActionContext ctx) {
    try {
      return method + " " + url.render(ctx::label).path() + " on " + target() + " (" + action + ")";
    } catch (Refusal r) {
      return method + " on " + target() + " (" + action + "), refused: " + r.getMessage();
    }
  }

  @Override
  public Outcome refusal(ActionContext ctx) {
    try {
      url.render(ctx::label);
      if (body != null) {
        body.renderText(ctx::label);
      }
      return null;
    } catch (Refusal r) {
      return refused(r);
    }
  }

  private Outcome refused(Refusal r) {
    return Outcome.refused(
        r.getMessage() + "; " + action + " was not sent to " + target() + " (" + method + ")");
  }

  @Override
  public Outcome attempt(ActionContext ctx) {
    Duration left = Duration.between(now.get(), ctx.deadline());
    if (left.isNegative() || left.isZero()) {
      return Outcome.retryable("deadline passed before " + action);
    }
    Duration t = left.compareTo(timeout) < 0 ? left : timeout;
    UrlTemplate.Rendered to;
    String json;
    try {
      to = url.render(ctx::label);
      json = body == null ? null : body.renderText(ctx::label);
    } catch (Refusal r) {
      return refused(r);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(to.uri())
            .timeout(t)
            .header("User-Agent", "botwatch-responder")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (tokenOrNull != null) {
      b.header("Authorization", "Bearer " + tokenOrNull);
    }
    // Method, path and origin only: a query string or userinfo could carry a secret.
    String what = method + " " + to.path();
    String at = " (" + to.origin() + ")";
    try {
      HttpResponse<Void> r = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
      int s = r.statusCode();
      if (s >= 200 && s < 300) {
        return Outcome.success(what + " -> " + s + at);
      }
      if (s >= 500 || s == 408 || s == 429) {
        return Outcome.retryable(what + " -> " + s + at);
      }
      return Outcome.permanent(what + " -> " + s + at);
    } catch (HttpTimeoutException e) {
      return Outcome.retryable(what + " timed out after " + t.toMillis() + " ms" + at);
    } catch (ConnectException e) {
      return Outcome.retryable(what + " could not connect to " + target());
    } catch (IOException e) {
      return Outcome.retryable(what + " failed: " + safe(e.getMessage()) + at);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.retryable(what + " interrupted" + at);
    } catch (RuntimeException e) {
      return Outcome.permanent(what + " could not be sent: " + e.getClass().getSimpleName() + at);
    }
  }

  private String safe(String message) {
    if (message == null) {
      return "I/O error";
    }
    String m = tokenOrNull == null ? message : message.replace(tokenOrNull, "***");
    return m.length() > 200 ? m.substring(0, 200) : m;
  }
}
