package dev.botwatch.responder.action.freqtrade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.action.freqtrade.FreqtradeClient.AuthException;
import dev.botwatch.responder.action.freqtrade.FreqtradeClient.DeadlineException;
import dev.botwatch.responder.action.freqtrade.FreqtradeClient.Generation;
import dev.botwatch.responder.action.freqtrade.FreqtradeClient.Reply;
import dev.botwatch.responder.config.FreqtradeOperation;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.Set;

/**
 * Action kind {@code freqtrade}: one operation on a Freqtrade bot, as Freqtrade really answers
 * (2023.2 to 2025.3 with {@code /stopentry}, 2025.4 and later with {@code /pause}; see {@link
 * FreqtradeClient}). Freqtrade reports a refusal as 502 {@code {"error": "Error querying <path>:
 * <message>"}}; answers that mean "already so" count as success. Each operation waits until
 * Freqtrade reports the state it asked for (bounded by the step's deadline).
 *
 * <p>The instance lives for all attempts of one step, so a retry repeats only what has not
 * succeeded: orders already cancelled are never sent another DELETE, a resume whose config reload
 * went through does not reload again.
 */
public final class FreqtradeAction implements Action {
  /** A step of an operation failed; carries the outcome to report. */
  static final class Failed extends Exception {
    final transient Outcome outcome;

    Failed(Outcome outcome) {
      super(outcome.detail(), null, false, false);
      this.outcome = outcome;
    }
  }

  private final FreqtradeClient client;
  private final FreqtradeOperation op;
  private final FreqtradeOrders orders;
  private boolean reloaded;

  public FreqtradeAction(FreqtradeClient client, FreqtradeOperation op) {
    this.client = client;
    this.op = op;
    this.orders = new FreqtradeOrders(client, this);
  }

  @Override
  public String kind() {
    return "freqtrade";
  }

  @Override
  public String target() {
    return client.target();
  }

  @Override
  public String describe(ActionContext ctx) {
    return "freqtrade " + op.id() + " on " + target();
  }

  @Override
  public Outcome attempt(ActionContext ctx) {
    java.time.Instant deadline = ctx.deadline();
    try {
      return switch (op) {
        case STOP_ENTRIES -> stopEntries(deadline);
        case CANCEL_OPEN_ORDERS -> orders.cancelOpenOrders(deadline);
        case FORCE_EXIT_ALL -> orders.forceExitAll(deadline);
        case STOP -> stop(deadline);
        case START -> start(deadline);
        case RELOAD_CONFIG -> reloadConfig(deadline);
        case RESUME -> resume(deadline);
      };
    } catch (Failed f) {
      return f.outcome;
    } catch (HttpTimeoutException e) {
      return Outcome.retryable("freqtrade " + op.id() + " timed out");
    } catch (IOException e) {
      return Outcome.retryable(
          "freqtrade " + op.id() + " failed: " + safe(e.getMessage(), e.getClass()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.retryable("freqtrade " + op.id() + " interrupted");
    } catch (DeadlineException e) {
      return Outcome.retryable("deadline passed during freqtrade " + op.id());
    } catch (AuthException e) {
      return Outcome.permanent(e.getMessage());
    }
  }

  private static String safe(String message, Class<?> type) {
    // Our own IOExceptions name a method, a path and a status; the JDK's name a host at most.
    String m = message == null ? type.getSimpleName() : message;
    return m.length() > 200 ? m.substring(0, 200) : m;
  }

  /** POST, failing the operation unless Freqtrade answered 2xx. */
  Reply post(String path, String body, java.time.Instant deadline)
      throws Failed, IOException, InterruptedException, DeadlineException, AuthException {
    Reply r = client.call("POST", path, body, deadline);
    check("POST " + path, r);
    return r;
  }

  /** Fails with the right outcome unless the reply is 2xx. */
  static void check(String what, Reply r) throws Failed {
    if (r.ok()) {
      return;
    }
    String m = r.message();
    String d = what + " -> " + r.status() + (m.isEmpty() ? "" : ": " + cut(m));
    int s = r.status();
    if (s == 401 || s == 403) {
      throw new Failed(Outcome.permanent(d + " (check username/password)"));
    }
    throw new Failed(
        s >= 500 || s == 408 || s == 429 ? Outcome.retryable(d) : Outcome.permanent(d));
  }

  /** Freqtrade's text, bounded and on one line: it lands in the audit trail and in mails. */
  static String cut(String m) {
    String line = m.replaceAll("\\p{Cntrl}", " ");
    return line.length() > 160 ? line.substring(0, 160) + "…" : line;
  }

  static boolean says(Reply r, String text) {
    return r.status() == 502 && r.message().toLowerCase(Locale.ROOT).contains(text);
  }

  private Outcome stopEntries(java.time.Instant deadline)
      throws Failed, IOException, InterruptedException, DeadlineException, AuthException {
    if (client.generation(deadline) == Generation.PAUSE) {
      client.awaitWorkerSawStop(deadline);
      Reply r = client.call("POST", "/api/v1/pause", null, deadline);
      if (r.status() == 404) {
        client.olderThanSaid(); // an older bot behind a newer version string
      } else {
        if (says(r, "not running")) {
          return Outcome.success("POST /api/v1/pause -> 502 trader is not running: no entries");
        }
        check("POST /api/v1/pause", r);
        String s = client.awaitState(Set.of("paused"), deadline);
        if (!"paused".equals(s)) {
          throw new Failed(Outcome.retryable("POST /api/v1/pause -> 200, but state is " + s));
        }
        return Outcome.success("POST /api/v1/pause -> 200, state paused (entries stopped)");
      }
    }
    Reply r = client.call("POST", "/api/v1/stopentry", null, deadline);
    if (says(r, "not running")) {
      return Outcome.success("POST /api/v1/stopentry -> 502 trader is not running: no entries");
    }
    check("POST /api/v1/stopentry", r);
    JsonNode c = client.showConfig(deadline);
    String state = c.path("state").asText("unknown");
    if ("reload_config".equals(state)) {
      // The reloaded trader starts with the config's max_open_trades: stop entries after it.
      throw new Failed(Outcome.retryable("Freqtrade is reloading its config; entries not stopped"));
    }
    if ("running".equals(state) && c.path("max_open_trades").asInt(-1) != 0) {
      throw new Failed(
          Outcome.retryable(
              "POST /api/v1/stopentry -> 200, but max_open_trades is still "
                  + c.path("max_open_trades").asText()));
    }
    return Outcome.success(
        "POST /api/v1/stopentry -> 200, "
            + ("running".equals(state)
                ? "max_open_trades 0 (entries stopped)"
                : "state " + state + ": the bot takes no entries"));
  }

  private Outcome stop(java.time.Instant deadline)
      throws Failed, IOException, InterruptedException, DeadlineException, AuthException {
    Reply r = post("/api/v1/stop", null, deadline);
    String said = r.json().path("status").asText("");
    String s = client.awaitState(Set.of("stopped"), deadline);
    if (!"stopped".equals(s)) {
      throw new Failed(Outcome.retryable("POST /api/v1/stop -> 200, but state is " + s));
    }
    client.stopped();
    return Outcome.success(
        "POST /api/v1/stop -> 200" + (said.isEmpty() ? "" : " (" + said + ")") + ", state stopped");
  }

  private Outcome start(java.time.Instant deadline)
      throws Failed, IOException, InterruptedException, DeadlineException, AuthException {
    client.awaitWorkerSawStop(deadline);
    Reply r = post("/api/v1/start", null, deadline);
    String said = r.json().path("status").asText("");
    String s = client.awaitState(Set.of("running"), deadline);
    if (!"running".equals(s)) {
      throw new Failed(Outcome.retryable("POST /api/v1/start -> 200, but state is " + s));
    }
    return Outcome.success(
        "POST /api/v1/start -> 200"
            + (said.isEmpty() ? "" : " (" + said + ")")
            + ", state running");
  }

  private Outcome reloadConfig(java.time.Instant deadline)
      throws Failed, IOException, InterruptedException, DeadlineException, AuthException {
    client.awaitWorkerSawStop(deadline);
    post("/api/v1/reload_config", null, deadline);
    String s = client.awaitState(Set.of("running", "paused", "stopped"), deadline);
    if ("unknown".equals(s) || "reload_config".equals(s)) {
      throw new Failed(Outcome.retryable("POST /api/v1/reload_config -> 200, still reloading"));
    }
    return Outcome.success("POST /api/v1/reload_config -> 200, config reloaded, state " + s);
  }

  /**
   * 2025.4+: {@code /start} leaves paused or stopped. Before: {@code /start} alone keeps the
   * max_open_trades 0 that /stopentry set, so {@code /reload_config} first (it re-reads the config
   * file and restarts the trader in its {@code initial_state}), then {@code /start} if that is
   * stopped.
   */
  private Outcome resume(java.time.Instant deadline)
      throws Failed, IOException, InterruptedException, DeadlineException, AuthException {
    if (client.generation(deadline) == Generation.PAUSE) {
      return start(deadline);
    }
    if (!reloaded) {
      client.awaitWorkerSawStop(deadline);
      post("/api/v1/reload_config", null, deadline);
      reloaded = true;
    }
    JsonNode c = null;
    while (true) {
      try {
        c = client.showConfig(deadline);
        String state = c.path("state").asText("");
        if (!"reload_config".equals(state) && c.path("max_open_trades").asInt(0) != 0) {
          break;
        }
      } catch (IOException e) {
        // the API server restarts with the trader; ask again
      }
      if (!client.nap(deadline)) {
        throw new Failed(
            Outcome.retryable(
                "POST /api/v1/reload_config -> 200, but max_open_trades is not back yet"));
      }
    }
    String mot = c.path("max_open_trades").asText();
    if ("stopped".equals(c.path("state").asText())) {
      Outcome started = start(deadline);
      return Outcome.success(
          "reload_config restored max_open_trades " + mot + "; " + started.detail());
    }
    return Outcome.success(
        "reload_config restored max_open_trades " + mot + ", state " + c.path("state").asText());
  }

  /**
   * A stopped bot cannot cancel or exit (502 "trader is not running"): bring it to a state that
   * manages exits but takes no entries. 2025.4+: {@code /pause} (from stopped it starts paused);
   * before: {@code /start} and at once {@code /stopentry}, before the worker's next loop could
   * enter a trade. Returns what was done, or null if the bot was not stopped.
   */
  String exitsOnly(java.time.Instant deadline)
      throws Failed, IOException, InterruptedException, DeadlineException, AuthException {
    String state = client.showConfig(deadline).path("state").asText("");
    if (!"stopped".equals(state)) {
      return null;
    }
    client.awaitWorkerSawStop(deadline);
    if (client.generation(deadline) == Generation.PAUSE) {
      Reply r = client.call("POST", "/api/v1/pause", null, deadline);
      if (r.status() != 404) {
        check("POST /api/v1/pause", r);
        String s = client.awaitState(Set.of("paused"), deadline);
        if (!"paused".equals(s)) {
          throw new Failed(Outcome.retryable("the bot was stopped; /pause left it " + s));
        }
        return "the bot was stopped: paused it (exits only) first";
      }
      client.olderThanSaid();
    }
    post("/api/v1/start", null, deadline);
    post("/api/v1/stopentry", null, deadline);
    String s = client.awaitState(Set.of("running"), deadline);
    if (!"running".equals(s)) {
      throw new Failed(Outcome.retryable("the bot was stopped; /start left it " + s));
    }
    return "the bot was stopped: started it with entries stopped (start, stopentry) first";
  }
}
