package dev.botwatch.responder;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Freqtrade's REST API as its source answers (rpc/api_server/api_v1.py, api_auth.py, rpc/rpc.py),
 * for one of three versions: 2023.6 (trades say {@code open_order_id}), 2024.10 ({@code
 * has_open_orders}, {@code /stopentry} sets max_open_trades 0, no paused state) and 2025.4 ({@code
 * /pause} and the {@code paused} state; {@code /stopentry} is an alias of /pause; force-exit and
 * cancels refused only when stopped).
 *
 * <p>Like Freqtrade, an RPC call changes {@code state} at once, and the worker loop acts on it only
 * at its next tick ({@code loop}); exit orders fill at a tick too. Refusals are 502 {@code
 * {"error": "Error querying <path>: <message>"}}. With {@link #lagReportedState} {@code
 * /show_config} reports what the worker has acted on instead (a slower bot's view).
 *
 * <p>Faults are queued per "METHOD path" and used once each: {@code 502} (the exchange lost the
 * order: "Order not found."), {@code 500}, {@code timeout} (processed, answered {@code slow} later)
 * and {@code 401} (the JWT secret rotates: every token issued so far is refused).
 */
final class FakeFreqtrade implements AutoCloseable {
  static final String USER = "freqtrader";
  static final String PASSWORD = "ft-pw-5ec2e7";

  /** One trade; an unfilled entry has {@code filled} false and amount 0. */
  static final class Trade {
    final long id;
    final String pair;
    boolean filled;
    boolean openOrder;
    boolean exiting;

    Trade(long id, String pair, boolean filled, boolean openOrder) {
      this.id = id;
      this.pair = pair;
      this.filled = filled;
      this.openOrder = openOrder;
    }
  }

  /** Something that happened, with when: requests and what the worker did. */
  record Event(long nanos, String what) {}

  final String version;
  final boolean pauseApi;
  final Vertx vertx = Vertx.vertx();
  final HttpServer server;
  final List<Event> journal = Collections.synchronizedList(new ArrayList<>());

  // Everything below is touched on the fake's event loop only, or under `this`.
  String state = "running";
  String workerState = "running";
  String initialState = "running";
  int configMaxOpenTrades = 3;
  int maxOpenTrades = 3;
  boolean lagReportedState;
  boolean rejectAllTokens;
  Duration slow = Duration.ofSeconds(3);
  int logins;
  int workerStops;
  int workerRestarts;
  private String secret = UUID.randomUUID().toString();
  private final Map<String, Long> tokens = new HashMap<>();
  private final Map<Long, Trade> trades = new TreeMap<>();
  private final Map<String, Deque<String>> faults = new HashMap<>();

  FakeFreqtrade(String version, Duration loop) throws Exception {
    this.version = version;
    this.pauseApi = version.compareTo("2025.4") >= 0;
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create());
    r.route().handler(this::journalAndFaults);
    r.post("/api/v1/token/login").handler(this::login);
    r.route("/api/v1/*").handler(this::auth);
    r.get("/api/v1/version").handler(c -> json(c, 200, new JsonObject().put("version", version)));
    r.get("/api/v1/show_config").handler(this::showConfig);
    r.get("/api/v1/status").handler(this::status);
    r.post("/api/v1/start").handler(this::start);
    r.post("/api/v1/stop").handler(this::stop);
    r.post("/api/v1/stopentry").handler(this::stopEntry);
    r.post("/api/v1/stopbuy").handler(this::stopEntry);
    if (pauseApi) {
      r.post("/api/v1/pause").handler(this::pause);
    }
    r.post("/api/v1/reload_config").handler(this::reloadConfig);
    r.post("/api/v1/forceexit").handler(this::forceExit);
    r.delete("/api/v1/trades/:id/open-order").handler(this::cancelOpenOrder);
    r.route().last().handler(c -> json(c, 404, new JsonObject().put("detail", "Not Found")));
    server = Loopback.listen(vertx.createHttpServer().requestHandler(r));
    vertx.setPeriodic(loop.toMillis(), id -> tick());
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  synchronized void trade(long id, boolean filled, boolean openOrder) {
    trades.put(id, new Trade(id, "PAIR" + id + "/USDT", filled, openOrder));
  }

  synchronized void stoppedAlready() {
    state = "stopped";
    workerState = "stopped";
  }

  synchronized void fault(String method, String path, String... kinds) {
    Deque<String> q = faults.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>());
    Collections.addAll(q, kinds);
  }

  synchronized int openTrades() {
    return trades.size();
  }

  synchronized long openOrders() {
    return trades.values().stream().filter(t -> t.openOrder).count();
  }

  /** Requests as "METHOD path", in order. */
  List<String> requests() {
    synchronized (journal) {
      return journal.stream()
          .map(Event::what)
          .filter(w -> w.startsWith("GET ") || w.startsWith("POST ") || w.startsWith("DELETE "))
          .toList();
    }
  }

  /** When {@code what} first happened, in nanoTime; -1 if never. */
  long first(String what) {
    synchronized (journal) {
      return journal.stream()
          .filter(e -> e.what().equals(what))
          .mapToLong(Event::nanos)
          .min()
          .orElse(-1);
    }
  }

  private void log(String what) {
    journal.add(new Event(System.nanoTime(), what));
  }

  // ---- the worker loop ------------------------------------------------------------------------

  private synchronized void tick() {
    if ("reload_config".equals(state)) {
      // Worker._reconfigure: a new FreqtradeBot from the config file, in its initial_state.
      maxOpenTrades = configMaxOpenTrades;
      state = initialState;
      log("worker reloaded config, state " + state);
    }
    if (!state.equals(workerState)) {
      if ("stopped".equals(state)) {
        workerStops++;
      } else if ("stopped".equals(workerState)) {
        workerRestarts++;
      }
      log("worker " + workerState + " -> " + state);
      workerState = state;
    }
    if (!"stopped".equals(workerState)) {
      // Exit orders placed at market fill: their trades close.
      trades.values().removeIf(t -> t.exiting);
    }
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private void journalAndFaults(RoutingContext c) {
    String key = c.request().method().name() + " " + c.request().path();
    String fault;
    synchronized (this) {
      log(key);
      Deque<String> q = faults.get(key);
      fault = q == null ? null : q.pollFirst();
    }
    if (fault == null) {
      c.next();
      return;
    }
    log("fault " + fault + " on " + key);
    switch (fault) {
      case "502" -> rpcError(c, "Order not found.");
      case "500" ->
          c.response()
              .setStatusCode(500)
              .putHeader("Content-Type", "text/plain")
              .end("Internal Server Error");
      case "401" -> {
        synchronized (this) {
          secret = UUID.randomUUID().toString(); // every token issued so far is now refused
        }
        c.next();
      }
      case "timeout" -> {
        // Freqtrade did the work; the answer arrives after the client gave up.
        c.put("late", true);
        c.next();
      }
      default -> throw new IllegalArgumentException(fault);
    }
  }

  private void json(RoutingContext c, int status, Object body) {
    String text = body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode();
    Runnable send =
        () ->
            c.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(text);
    if (Boolean.TRUE.equals(c.get("late"))) {
      vertx.setTimer(slow.toMillis(), id -> send.run());
    } else {
      send.run();
    }
  }

  /** webserver.handle_rpc_exception: RPCException becomes 502 with the path and message. */
  private void rpcError(RoutingContext c, String message) {
    json(
        c,
        502,
        new JsonObject().put("error", "Error querying " + c.request().path() + ": " + message));
  }

  private void login(RoutingContext c) {
    if (!basicOk(c.request().getHeader("Authorization"))) {
      json(c, 401, new JsonObject().put("detail", "Incorrect username or password"));
      return;
    }
    String access = UUID.randomUUID().toString();
    synchronized (this) {
      logins++;
      tokens.put(access + "|" + secret, 0L);
    }
    json(
        c,
        200,
        new JsonObject().put("access_token", access).put("refresh_token", UUID.randomUUID()));
  }

  private boolean basicOk(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String plain =
        new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    return plain.equals(USER + ":" + PASSWORD);
  }

  /** api_auth.http_basic_or_jwt_token. */
  private void auth(RoutingContext c) {
    String h = c.request().getHeader("Authorization");
    if (h != null && h.startsWith("Bearer ")) {
      boolean ok;
      synchronized (this) {
        ok = !rejectAllTokens && tokens.containsKey(h.substring(7) + "|" + secret);
      }
      if (!ok) {
        json(c, 401, new JsonObject().put("detail", "Could not validate credentials"));
        return;
      }
      c.next();
      return;
    }
    if (basicOk(h)) {
      c.next();
      return;
    }
    json(c, 401, new JsonObject().put("detail", "Unauthorized"));
  }

  // ---- the API -------------------------------------------------------------------------------

  private synchronized void showConfig(RoutingContext c) {
    String reported = lagReportedState && !"reload_config".equals(state) ? workerState : state;
    log("show_config says " + reported);
    json(
        c,
        200,
        new JsonObject()
            .put("version", version)
            .put("api_version", pauseApi ? 2.41 : 2.34)
            .put("dry_run", true)
            .put("trading_mode", "spot")
            .put("stake_currency", "USDT")
            .put("max_open_trades", maxOpenTrades)
            .put("bot_name", "freqtrade")
            .put("strategy", "SampleStrategy")
            .put("exchange", "binance")
            .put("state", reported)
            .put("runmode", "dry_run"));
  }

  private synchronized JsonObject tradeJson(Trade t) {
    JsonObject o =
        new JsonObject()
            .put("trade_id", t.id)
            .put("pair", t.pair)
            .put("is_open", true)
            .put("amount", t.filled ? 0.5 : 0.0)
            .put("orders", new JsonArray());
    if (version.compareTo("2023.9") >= 0) {
      o.put("has_open_orders", t.openOrder);
    } else {
      o.put("open_order_id", t.openOrder ? "order-" + t.id : null);
    }
    return o;
  }

  private synchronized void status(RoutingContext c) {
    JsonArray a = new JsonArray();
    trades.values().forEach(t -> a.add(tradeJson(t)));
    json(c, 200, a);
  }

  private synchronized void start(RoutingContext c) {
    if ("running".equals(state)) {
      json(c, 200, new JsonObject().put("status", "already running"));
      return;
    }
    state = "running";
    json(c, 200, new JsonObject().put("status", "starting trader ..."));
  }

  private synchronized void stop(RoutingContext c) {
    boolean moves = pauseApi ? !"stopped".equals(state) : "running".equals(state);
    if (moves) {
      state = "stopped";
      json(c, 200, new JsonObject().put("status", "stopping trader ..."));
    } else {
      json(c, 200, new JsonObject().put("status", "already stopped"));
    }
  }

  private synchronized void stopEntry(RoutingContext c) {
    if (pauseApi) {
      pause(c);
      return;
    }
    if ("running".equals(state)) {
      maxOpenTrades = 0;
    }
    json(
        c,
        200,
        new JsonObject()
            .put("status", "No more entries will occur from now. Run /reload_config to reset."));
  }

  private synchronized void pause(RoutingContext c) {
    if ("running".equals(state)) {
      state = "paused";
    }
    if ("stopped".equals(state)) {
      state = "paused";
      json(
          c,
          200,
          new JsonObject()
              .put(
                  "status",
                  "starting bot with trader in paused state, no entries will occur. Run /start to"
                      + " enable entries."));
      return;
    }
    json(
        c,
        200,
        new JsonObject()
            .put(
                "status",
                "paused, no more entries will occur from now. Run /start to enable entries."));
  }

  private synchronized void reloadConfig(RoutingContext c) {
    state = "reload_config";
    json(c, 200, new JsonObject().put("status", "Reloading config ..."));
  }

  private boolean notRunning() {
    return pauseApi ? "stopped".equals(state) : !"running".equals(state);
  }

  private synchronized void forceExit(RoutingContext c) {
    JsonObject body = c.body().asJsonObject();
    log("forceexit " + body.encode());
    if (notRunning()) {
      rpcError(c, "trader is not running");
      return;
    }
    if (!"all".equals(String.valueOf(body.getValue("tradeid")))) {
      rpcError(c, "invalid argument");
      return;
    }
    // rpc.__exec_force_exit: an unfilled entry is cancelled (and its trade deleted); a filled
    // trade gets its open orders cancelled and an exit order, which fills at the next tick.
    trades.values().removeIf(t -> !t.filled);
    for (Trade t : trades.values()) {
      t.openOrder = true;
      t.exiting = true;
    }
    json(c, 200, new JsonObject().put("result", "Created exit orders for all open trades."));
  }

  private synchronized void cancelOpenOrder(RoutingContext c) {
    if (notRunning()) {
      rpcError(c, "trader is not running");
      return;
    }
    long id = Long.parseLong(c.pathParam("id"));
    Trade t = trades.get(id);
    if (t == null) {
      rpcError(c, "Invalid trade_id.");
      return;
    }
    if (!t.openOrder) {
      rpcError(c, "No open order for trade_id.");
      return;
    }
    t.openOrder = false;
    t.exiting = false;
    if (!t.filled) {
      // handle_cancel_enter deletes a trade whose entry never filled; the endpoint then asks
      // _rpc_trade_status([id]), which raises "no active trade".
      trades.remove(id);
      log("cancelled unfilled entry of trade " + id + ", trade deleted");
      rpcError(c, "no active trade");
      return;
    }
    log("cancelled open order of trade " + id);
    json(c, 200, tradeJson(t));
  }

  @Override
  public void close() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the test is over either way
    }
  }
}
