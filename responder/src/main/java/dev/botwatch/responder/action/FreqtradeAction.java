package dev.botwatch.responder.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Action kind {@code freqtrade}: one operation on a Freqtrade bot's REST API ({@code /api/v1}, HTTP
 * Basic). {@code cancel_open_orders} reads {@code /status} and cancels each trade's open order
 * ({@code DELETE /trades/<id>/open-order}); it succeeds only if every cancel did.
 */
public final class FreqtradeAction implements Action {
  /** The operations; names are the step's {@code operation}. */
  public enum Operation {
    STOP_ENTRIES("POST", "/api/v1/stopentry", null),
    FORCE_EXIT_ALL("POST", "/api/v1/forceexit", "{\"tradeid\": \"all\"}"),
    CANCEL_OPEN_ORDERS("GET", "/api/v1/status", null),
    STOP("POST", "/api/v1/stop", null),
    START("POST", "/api/v1/start", null),
    RELOAD_CONFIG("POST", "/api/v1/reload_config", null);

    final String method;
    final String path;
    final String body;

    Operation(String method, String path, String body) {
      this.method = method;
      this.path = path;
      this.body = body;
    }

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final URI base;
  private final String authorization;
  private final Duration timeout;
  private final Operation op;
  private final Supplier<Instant> now;

  public FreqtradeAction(
      HttpClient client,
      String baseUrl,
      String username,
      String password,
      Duration timeout,
      Operation op,
      Supplier<Instant> now) {
    this.client = client;
    this.base =
        URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.timeout = timeout;
    this.op = op;
    this.now = now;
  }

  @Override
  public String kind() {
    return "freqtrade";
  }

  @Override
  public String target() {
    return "freqtrade:" + base.getHost() + ":" + base.getPort();
  }

  @Override
  public String describe(ActionContext ctx) {
    return "freqtrade " + op.id() + " (" + op.method + " " + op.path + ") on " + target();
  }

  @Override
  public Outcome attempt(ActionContext ctx) {
    try {
      HttpResponse<String> r = call(op.method, op.path, op.body, ctx);
      Outcome bad = status(op.method + " " + op.path, r.statusCode());
      if (bad != null) {
        return bad;
      }
      if (op != Operation.CANCEL_OPEN_ORDERS) {
        return Outcome.success(op.method + " " + op.path + " -> " + r.statusCode());
      }
      int cancelled = 0;
      for (JsonNode t : JSON.readTree(r.body())) {
        boolean open =
            t.path("has_open_orders").asBoolean(false)
                || (t.hasNonNull("open_order_id") && !t.get("open_order_id").asText().isEmpty());
        if (!open) {
          continue;
        }
        String path = "/api/v1/trades/" + t.path("trade_id").asLong() + "/open-order";
        HttpResponse<String> d = call("DELETE", path, null, ctx);
        Outcome failed = status("DELETE " + path, d.statusCode());
        if (failed != null) {
          return new Outcome(
              failed.status(),
              failed.retryable(),
              failed.detail() + " after cancelling " + cancelled + " open order(s)");
        }
        cancelled++;
      }
      return Outcome.success("cancelled " + cancelled + " open order(s)");
    } catch (HttpTimeoutException e) {
      return Outcome.retryable("freqtrade " + op.id() + " timed out");
    } catch (IOException e) {
      return Outcome.retryable("freqtrade " + op.id() + " failed: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.retryable("freqtrade " + op.id() + " interrupted");
    } catch (DeadlineException e) {
      return Outcome.retryable("deadline passed during freqtrade " + op.id());
    }
  }

  private static Outcome status(String what, int s) {
    if (s >= 200 && s < 300) {
      return null;
    }
    if (s == 401 || s == 403) {
      return Outcome.permanent(what + " -> " + s + " (check username/password)");
    }
    if (s >= 500 || s == 408 || s == 429) {
      return Outcome.retryable(what + " -> " + s);
    }
    return Outcome.permanent(what + " -> " + s);
  }

  private static final class DeadlineException extends Exception {}

  private HttpResponse<String> call(String method, String path, String body, ActionContext ctx)
      throws IOException, InterruptedException, DeadlineException {
    Duration left = Duration.between(now.get(), ctx.deadline());
    if (left.isNegative() || left.isZero()) {
      throw new DeadlineException();
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(left.compareTo(timeout) < 0 ? left : timeout)
            .header("Authorization", authorization)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
