package dev.botwatch.responder.action.freqtrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.config.FreqtradeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Freqtrade bot's REST API ({@code /api/v1}), shared by every {@code freqtrade} step on that
 * bot: it holds the login, the bot's version and when it was last stopped, so steps of one playbook
 * (and retries of one step) build on each other.
 *
 * <p>Authentication: {@code jwt} logs in at {@code POST /api/v1/token/login} with Basic and sends
 * the access token (15 minutes in Freqtrade); {@code basic} sends Basic on every call. A 401 gets
 * exactly one fresh login and the call once more; a second 401 is final. Nothing here ever puts the
 * password or a token in a detail or an exception message.
 */
public final class FreqtradeClient {
  /** Freqtrade's two control APIs. */
  public enum Generation {
    /** 2023.2 to 2025.3: {@code /stopentry} sets max_open_trades to 0; no paused state. */
    STOPENTRY,
    /** 2025.4 and later: {@code /pause} and the {@code paused} state; /stopentry is its alias. */
    PAUSE
  }

  /** An answer: status and body; {@link #message} is Freqtrade's error text, if any. */
  public record Reply(int status, String body) {
    private static final Pattern QUERYING = Pattern.compile("^Error querying [^:]*: (.*)$");

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** {@code trader is not running} from {@code {"error": "Error querying /api/v1/x: ..."}}. */
    public String message() {
      JsonNode j = json();
      String m = j.hasNonNull("error") ? j.get("error").asText() : j.path("detail").asText("");
      Matcher q = QUERYING.matcher(m);
      return q.matches() ? q.group(1) : m;
    }

    public JsonNode json() {
      try {
        return body == null || body.isBlank() ? MISSING : JSON.readTree(body);
      } catch (IOException e) {
        return MISSING;
      }
    }
  }

  /** The step's deadline passed before (or while) talking to Freqtrade. */
  public static final class DeadlineException extends Exception {
    DeadlineException() {
      super("deadline passed");
    }
  }

  /** Login refused or a second 401: retrying with the same credentials cannot help. */
  public static final class AuthException extends Exception {
    AuthException(String what) {
      super(what);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode MISSING = JSON.missingNode();
  private static final Pattern VERSION = Pattern.compile("^(\\d{4})\\.(\\d{1,2})");

  private final HttpClient http;
  private final URI base;
  private final FreqtradeConfig config;
  private final String basic;
  private final Supplier<Instant> now;
  private final ActionExecutor.Sleeper sleeper;
  private volatile String accessToken;
  private volatile Generation generation;
  private volatile String versionSeen;
  private volatile Instant stoppedAt;

  public FreqtradeClient(
      HttpClient http,
      FreqtradeConfig config,
      String password,
      Supplier<Instant> now,
      ActionExecutor.Sleeper sleeper) {
    this.http = http;
    String b = config.baseUrl();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.config = config;
    this.basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (config.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.now = now;
    this.sleeper = sleeper;
    if (config.version() != null) {
      this.generation = generationOf(config.version());
      this.versionSeen = config.version() + " (configured)";
    }
  }

  /** {@code freqtrade:host:port}: what fails together, for the circuit breaker. */
  public String target() {
    int port = base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
    return "freqtrade:" + base.getHost() + ":" + port;
  }

  Instant now() {
    return now.get();
  }

  /**
   * One authenticated call. A 401 leads to one fresh login and one more try; the second 401 is
   * returned as is. Throws on I/O trouble, a timeout or a passed deadline.
   */
  public Reply call(String method, String path, String jsonBody, Instant deadline)
      throws IOException, InterruptedException, DeadlineException, AuthException {
    boolean jwt = config.auth() == FreqtradeConfig.Auth.JWT;
    if (jwt && accessToken == null) {
      login(deadline);
    }
    Reply r = send(method, path, jsonBody, deadline, jwt ? "Bearer " + accessToken : basic);
    if (r.status() == 401 && jwt) {
      login(deadline); // the token expired, or Freqtrade restarted with a new secret
      r = send(method, path, jsonBody, deadline, "Bearer " + accessToken);
    }
    return r;
  }

  private void login(Instant deadline)
      throws IOException, InterruptedException, DeadlineException, AuthException {
    accessToken = null;
    Reply r = send("POST", "/api/v1/token/login", null, deadline, basic);
    if (r.status() == 401 || r.status() == 403) {
      throw new AuthException(
          "POST /api/v1/token/login -> " + r.status() + " (check username/password)");
    }
    String token = r.json().path("access_token").asText("");
    if (!r.ok() || token.isEmpty()) {
      throw new IOException("POST /api/v1/token/login -> " + r.status());
    }
    accessToken = token;
  }

  private Reply send(String method, String path, String body, Instant deadline, String auth)
      throws IOException, InterruptedException, DeadlineException {
    Duration left = Duration.between(now.get(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw new DeadlineException();
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(left.compareTo(config.timeout()) < 0 ? left : config.timeout())
            .header("Authorization", auth)
            .header("User-Agent", "botwatch-responder")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  /**
   * The bot's API generation: the configured {@code version}, else what it said before, else {@code
   * GET /api/v1/version} (falling back to {@code /show_config}). A version that does not parse
   * counts as the older API, whose calls the newer one still accepts.
   */
  public Generation generation(Instant deadline)
      throws IOException, InterruptedException, DeadlineException, AuthException {
    if (generation != null) {
      return generation;
    }
    Reply r = call("GET", "/api/v1/version", null, deadline);
    String v = r.ok() ? r.json().path("version").asText("") : "";
    if (v.isEmpty()) {
      Reply c = call("GET", "/api/v1/show_config", null, deadline);
      if (!c.ok()) {
        throw new IOException("GET /api/v1/show_config -> " + c.status());
      }
      v = c.json().path("version").asText("");
    }
    versionSeen = v;
    generation = generationOf(v);
    return generation;
  }

  /** Remembers that this bot answered 404 to {@code /pause}: it is older than it said. */
  void olderThanSaid() {
    generation = Generation.STOPENTRY;
  }

  /** For details: the version as Freqtrade reported it, or null before the first ask. */
  public String version() {
    return versionSeen;
  }

  static Generation generationOf(String version) {
    Matcher m = VERSION.matcher(version == null ? "" : version);
    if (!m.find()) {
      return Generation.STOPENTRY;
    }
    int year = Integer.parseInt(m.group(1));
    int month = Integer.parseInt(m.group(2));
    return year > 2025 || (year == 2025 && month >= 4) ? Generation.PAUSE : Generation.STOPENTRY;
  }

  /** {@code GET /show_config}: the state and max_open_trades Freqtrade reports now. */
  public JsonNode showConfig(Instant deadline)
      throws IOException, InterruptedException, DeadlineException, AuthException {
    Reply r = call("GET", "/api/v1/show_config", null, deadline);
    if (!r.ok()) {
      throw new IOException("GET /api/v1/show_config -> " + r.status());
    }
    return r.json();
  }

  /**
   * Asks {@code /show_config} every {@code poll_interval} until its {@code state} is one of {@code
   * wanted}, or the deadline. Connection errors and 5xx while waiting are expected (a config reload
   * restarts Freqtrade's API server) and only mean: ask again. Returns the last state seen
   * ("unknown" if none).
   */
  public String awaitState(Set<String> wanted, Instant deadline)
      throws InterruptedException, AuthException {
    String last = "unknown";
    while (true) {
      try {
        last = showConfig(deadline).path("state").asText("unknown");
        if (wanted.contains(last)) {
          return last;
        }
      } catch (IOException | DeadlineException e) {
        // not answering yet; ask again until the deadline
      }
      if (!nap(deadline)) {
        return last;
      }
    }
  }

  /** Sleeps one {@code poll_interval}; false (no sleep) when the deadline is closer than that. */
  boolean nap(Instant deadline) throws InterruptedException {
    if (Duration.between(now.get(), deadline).compareTo(config.pollInterval()) <= 0) {
      return false;
    }
    sleeper.sleep(config.pollInterval());
    return true;
  }

  /** Freqtrade confirmed {@code stopped}: a start soon after must wait for its worker loop. */
  void stopped() {
    stoppedAt = now.get();
  }

  /**
   * Before leaving {@code stopped}: Freqtrade reports a new state at once, but its worker acts on
   * it only at its next loop, up to {@code process_throttle_secs} later. A start within that time
   * would undo the stop before the worker saw it (nothing restarts), so it waits until one loop
   * (plus a second) has passed since the stop, or the deadline.
   */
  void awaitWorkerSawStop(Instant deadline) throws InterruptedException {
    Instant since = stoppedAt;
    if (since == null) {
      return;
    }
    Instant ready = since.plus(config.processThrottle()).plusSeconds(1);
    Instant until = ready.isBefore(deadline) ? ready : deadline;
    Duration wait = Duration.between(now.get(), until);
    if (!wait.isNegative() && !wait.isZero()) {
      sleeper.sleep(wait);
    }
    stoppedAt = null;
  }
}
