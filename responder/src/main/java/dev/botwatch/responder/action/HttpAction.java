package dev.botwatch.responder.action;

import dev.botwatch.responder.config.ControlApiConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
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
 * permanent (a 404 will not heal by retrying). Details name the method, path and status only: never
 * the token, never a query string.
 */
public final class HttpAction implements Action {
  private final HttpClient client;
  private final URI base;
  private final String tokenOrNull;
  private final Duration timeout;
  private final String action;
  private final String method;
  private final String path;
  private final String body;
  private final Supplier<Instant> now;

  /**
   * @param token the bearer token, already resolved, or null
   * @param bodyOverride the step's body template, or null for the endpoint's
   */
  public HttpAction(
      HttpClient client,
      ControlApiConfig api,
      String token,
      String action,
      String bodyOverride,
      Supplier<Instant> now) {
    ControlApiConfig.EndpointConfig e = api.endpoint(action);
    this.client = client;
    this.base = URI.create(api.baseUrl().endsWith("/") ? api.baseUrl() : api.baseUrl() + "/");
    this.tokenOrNull = token;
    this.timeout = api.timeout();
    this.action = action;
    this.method = e.method();
    this.path = e.path();
    this.body = bodyOverride != null ? bodyOverride : e.body();
    this.now = now;
  }

  @Override
  public String kind() {
    return "http";
  }

  @Override
  public String target() {
    return base.getHost() + ":" + port();
  }

  private int port() {
    if (base.getPort() > 0) {
      return base.getPort();
    }
    return "https".equals(base.getScheme()) ? 443 : 80;
  }

  @Override
  public String describe(ActionContext ctx) {
    return method
        + " "
        + base.resolve(renderPath(ctx)).getRawPath()
        + " on "
        + target()
        + " ("
        + action
        + ")";
  }

  private String renderPath(ActionContext ctx) {
    String p = blankUnknown(ctx.render(path));
    return p.startsWith("/") ? p.substring(1) : p;
  }

  /** A template naming a label the alert does not carry renders as empty, not as braces. */
  static String blankUnknown(String s) {
    return s == null ? null : s.replaceAll("\\{\\{[^}]*}}", "");
  }

  @Override
  public Outcome attempt(ActionContext ctx) {
    Duration left = Duration.between(now.get(), ctx.deadline());
    if (left.isNegative() || left.isZero()) {
      return Outcome.retryable("deadline passed before " + action);
    }
    Duration t = left.compareTo(timeout) < 0 ? left : timeout;
    String rel = renderPath(ctx);
    String rendered = blankUnknown(ctx.render(body));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(rel))
            .timeout(t)
            .header("User-Agent", "botwatch-responder")
            .method(
                method,
                rendered == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(rendered));
    if (rendered != null) {
      b.header("Content-Type", "application/json");
    }
    if (tokenOrNull != null) {
      b.header("Authorization", "Bearer " + tokenOrNull);
    }
    // Path only: a query string or userinfo could carry a secret.
    String what = method + " " + base.resolve(rel).getRawPath();
    try {
      HttpResponse<Void> r = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
      int s = r.statusCode();
      if (s >= 200 && s < 300) {
        return Outcome.success(what + " -> " + s);
      }
      if (s >= 500 || s == 408 || s == 429) {
        return Outcome.retryable(what + " -> " + s);
      }
      return Outcome.permanent(what + " -> " + s);
    } catch (HttpTimeoutException e) {
      return Outcome.retryable(what + " timed out after " + t.toMillis() + " ms");
    } catch (ConnectException e) {
      return Outcome.retryable(what + " could not connect to " + target());
    } catch (IOException e) {
      return Outcome.retryable(what + " failed: " + safe(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.retryable(what + " interrupted");
    } catch (RuntimeException e) {
      return Outcome.permanent(what + " could not be sent: " + e.getClass().getSimpleName());
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
