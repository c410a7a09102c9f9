package dev.botwatch.demobot.sim;

import dev.botwatch.demobot.config.TradingConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The paper-trading bot without I/O: every {@link #tick} scans, calls APIs, trades, heartbeats and
 * returns the events, state snapshot and log lines that a real bot would produce, shaped by the
 * active {@link Fault}s. Deterministic for a seed and a sequence of timestamps. Healthy output
 * stays inside every production threshold of the alert catalog (0 API errors, scans under 3 s, over
 * 100 tokens per scan, 95% trade success with failures evenly spaced so short windows do not dip).
 * Thread-safe: the tick runs on a worker, control calls on the event loop.
 */
public final class Simulation {
  public static final List<String> COMPONENTS = List.of("main", "scanner", "executor", "websocket");
  static final List<String> HEARTBEATS = List.of("main", "scanner", "executor");
  public static final String STREAM = "prices";
  public static final String PRICE_API = "coingecko";
  public static final String DATA_SOURCE = "prices";

  /** One failed trade in twenty: the ~95% success ratio, spaced evenly. */
  static final int FAILURE_EVERY = 20;

  final String bot;
  final TradingConfig trading;
  private final SplittableRandom rng;
  final EnumMap<Fault, Map<String, Object>> faults = new EnumMap<>(Fault.class);
  final Map<String, Integer> controlCalls = new TreeMap<>();
  final Map<String, Boolean> components = new LinkedHashMap<>();
  private final Map<String, Double> prices = new LinkedHashMap<>();
  private final List<Map<String, Object>> pending = new ArrayList<>();

  Strategy strategy = Strategy.DEFAULT;
  String configError;
  double pnlDaily;
  double pnlTotal;
  private LocalDate pnlDay;
  int openPositions;
  int openOrders;
  String tradingState = "running";
  boolean emergency;
  boolean wsConnected;
  private boolean wsAnnounce = true;
  double dataUpdated = Double.NaN;
  long ticks;
  long trades;
  long tradeFailures;
  long apiCalls;
  long apiErrors;
  private double errorBudget;

  public Simulation(String bot, TradingConfig trading, long seed) {
    this.bot = bot;
    this.trading = trading;
    this.rng = new SplittableRandom(seed);
    COMPONENTS.forEach(c -> components.put(c, true));
  }

  /** One step of the bot's main loop at {@code now} (Unix seconds), given what the config read. */
  public synchronized TickOutput tick(double now, Strategy.Check config) {
    if (faults.containsKey(Fault.STALL)) {
      return TickOutput.STALLED;
    }
    ticks++;
    List<Map<String, Object>> events = new ArrayList<>();
    for (Map<String, Object> e : pending) {
      e.put("ts", Math.round(now * 1000) / 1000.0); // stamped when the loop reports them
      events.add(e);
    }
    pending.clear();
    List<LogLine> logs = new ArrayList<>();
    applyConfig(config, now, events, logs);
    rollover(now, logs);
    for (String c : HEARTBEATS) {
      events.add(event("heartbeat", now).with("component", c));
    }
    String scan = scan(now, events, logs);
    apiCalls(now, events, logs);
    websocket(now, events, logs);
    nonce(now, events, logs);
    events.add(event("balance_check", now).with("duration_seconds", between(0.05, 0.5)));
    String trade = trade(now, events, logs);
    Map<String, Double> refreshed = null;
    if (!faults.containsKey(Fault.STALE_DATA)) {
      dataUpdated = now;
      refreshPrices();
      refreshed = Map.copyOf(prices);
    }
    logs.add(
        LogLine.info(
            String.format(
                "tick %d: scan %s; %s; pnl today %.2f %s; %d open",
                ticks, scan, trade, pnlDaily, trading.currency(), openPositions)));
    return new TickOutput(
        false, List.copyOf(events), Snapshots.state(this, now), List.copyOf(logs), refreshed);
  }

  private void applyConfig(
      Strategy.Check config, double now, List<Map<String, Object>> events, List<LogLine> logs) {
    if (config == null) {
      return; // no config file configured: the built-in strategy stays
    }
    if (config.isValid()) {
      // Only a file seen broken can be "valid again": right after broken_config is switched on,
      // a tick may still read the file before it has been overwritten.
      if (configError != null) {
        logs.add(LogLine.info("config file is valid again; strategy " + config.strategy().name()));
        faults.remove(Fault.BROKEN_CONFIG);
      }
      configError = null;
      strategy = config.strategy();
      openPositions = Math.min(openPositions, strategy.maxPositions() - 1);
    } else {
      configError = config.error();
      // Keep trading on the last good strategy, the way careful bots do; say so every tick.
      logs.add(LogLine.error("config file invalid (" + configError + "); keeping last good"));
      events.add(event("error", now).with("component", "main").with("severity", "high"));
    }
  }

  private void rollover(double now, List<LogLine> logs) {
    LocalDate day = Instant.ofEpochMilli((long) (now * 1000)).atZone(ZoneOffset.UTC).toLocalDate();
    if (pnlDay != null && !day.equals(pnlDay)) {
      logs.add(LogLine.info(String.format("new day: yesterday's PnL %.2f", pnlDaily)));
      pnlDaily = 0;
    }
    pnlDay = day;
  }

  private String scan(double now, List<Map<String, Object>> events, List<LogLine> logs) {
    if (!components.get("scanner")) {
      return "scanner down";
    }
    boolean slow = faults.containsKey(Fault.SLOW_SCANS);
    double duration = slow ? between(60, 120) : between(0.5, 3.0);
    int discovered = 150 + rng.nextInt(151);
    int approved = (int) Math.round(discovered * between(0.3, 0.4));
    events.add(
        event("scan", now)
            .with("duration_seconds", duration)
            .with("tokens_discovered", discovered)
            .with("tokens_approved", approved));
    if (slow) {
      logs.add(LogLine.warning(String.format("scan took %.1fs (cache cold)", duration)));
    }
    return discovered + " tokens, " + approved + " approved";
  }

  private void apiCalls(double now, List<Map<String, Object>> events, List<LogLine> logs) {
    Map<String, Object> errorFault = faults.get(Fault.API_ERRORS);
    // The share of calls that fail, spaced evenly (1.0: every call, the default).
    double ratio =
        errorFault == null ? 0 : ((Number) errorFault.getOrDefault("ratio", 1.0)).doubleValue();
    boolean slow = faults.containsKey(Fault.API_SLOW);
    boolean anyError = false;
    for (int i = 0; i < trading.apiCallsPerTick(); i++) {
      String api = i % 2 == 0 ? trading.exchange() : PRICE_API;
      apiCalls++;
      errorBudget += ratio;
      boolean error = errorBudget >= 1 - 1e-9;
      if (error) {
        errorBudget -= 1;
        apiErrors++;
      }
      double d = slow ? between(15, 40) : error ? between(0.01, 0.2) : between(0.05, 0.4);
      events.add(
          event("api_call", now)
              .with("api", api)
              .with("outcome", error ? "error" : "success")
              .with("duration_seconds", d));
      if (error && !anyError) {
        logs.add(LogLine.error("API call to " + api + " failed: HTTP 502 Bad Gateway"));
      } else if (slow && i == 0) {
        logs.add(LogLine.warning(String.format("API call to %s took %.1fs", api, d)));
      }
      anyError |= error;
    }
    if (anyError) {
      events.add(event("error", now).with("component", "executor").with("severity", "medium"));
    }
  }

  private void websocket(double now, List<Map<String, Object>> events, List<LogLine> logs) {
    if (faults.containsKey(Fault.WEBSOCKET_FLAP)) {
      // Reconnect, then drop again: the stream ends every tick disconnected.
      events.add(event("websocket", now).with("stream", STREAM).with("event", "reconnect"));
      events.add(event("websocket", now).with("stream", STREAM).with("event", "disconnected"));
      logs.add(LogLine.warning("websocket " + STREAM + " disconnected; reconnecting"));
      wsConnected = false;
      wsAnnounce = true;
    } else {
      // Every tick the stream reports itself connected with its latency (the latency gauge comes
      // from events); the first time after a (re)connect is also logged.
      events.add(
          event("websocket", now)
              .with("stream", STREAM)
              .with("event", "connected")
              .with("latency_seconds", between(0.02, 0.2)));
      if (wsAnnounce) {
        logs.add(LogLine.info("websocket " + STREAM + " connected"));
      }
      wsConnected = true;
      wsAnnounce = false;
    }
  }

  private void nonce(double now, List<Map<String, Object>> events, List<LogLine> logs) {
    if (faults.containsKey(Fault.NONCE_FAILURES)) {
      events.add(event("nonce", now).with("outcome", "failure"));
      events.add(event("nonce", now).with("outcome", "failure"));
      events.add(event("error", now).with("component", "executor").with("severity", "high"));
      logs.add(LogLine.error("nonce rejected by exchange: nonce too small"));
    } else {
      events.add(event("nonce", now).with("outcome", "success"));
    }
  }

  /** Trading is allowed when running, no emergency, the executor is up. */
  boolean tradingAllowed() {
    return "running".equals(tradingState) && !emergency && components.get("executor");
  }

  private String trade(double now, List<Map<String, Object>> events, List<LogLine> logs) {
    if (!tradingAllowed()) {
      return "no trading (" + effectiveTradingState() + ")";
    }
    Map<String, Object> lossFault = faults.get(Fault.LOSSES);
    boolean losing = lossFault != null;
    double loss =
        losing ? ((Number) lossFault.getOrDefault("loss_per_trade", 5.0)).doubleValue() : 0;
    trades++;
    boolean ok = !losing && trades % FAILURE_EVERY != 0;
    double pnl = ok ? between(0.05, 1.5) : losing ? -loss * between(0.6, 1.6) : -between(0.2, 1.0);
    pnl = round(pnl * strategy.stakeAmount() / 50.0);
    pnlDaily = round(pnlDaily + pnl);
    pnlTotal = round(pnlTotal + pnl);
    if (!ok) {
      tradeFailures++;
    }
    if (ok && openPositions < strategy.maxPositions() - 1 && rng.nextBoolean()) {
      openPositions++;
    } else if (openPositions > 0 && rng.nextBoolean()) {
      openPositions--;
    }
    openOrders = rng.nextInt(3);
    events.add(
        event("trade", now)
            .with("outcome", ok ? "success" : "failure")
            .with("duration_seconds", between(0.2, 1.5)));
    String pair = strategy.pairs().get((int) (trades % strategy.pairs().size()));
    if (losing) {
      logs.add(LogLine.warning(String.format("trade %s failed: stop loss hit, %.2f", pair, pnl)));
    }
    return String.format("trade %s %s %+.2f", pair, ok ? "ok" : "failed", pnl);
  }

  String effectiveTradingState() {
    return emergency ? "stopped" : tradingState;
  }

  private void refreshPrices() {
    for (String pair : strategy.pairs()) {
      double base = prices.getOrDefault(pair, 100.0 + rng.nextInt(900));
      prices.put(pair, round(base * (1 + between(-0.002, 0.002))));
    }
    prices.keySet().retainAll(Set.copyOf(strategy.pairs()));
  }

  Ev event(String type, double now) {
    Ev e = new Ev();
    e.put("type", type);
    e.put("bot", bot);
    e.put("ts", Math.round(now * 1000) / 1000.0);
    return e;
  }

  /** Drops the price stream; the next tick reconnects and reports it. */
  void reconnectWebsocket() {
    wsAnnounce = true;
  }

  void addPending(Map<String, Object> event) {
    pending.add(event);
  }

  double between(double lo, double hi) {
    return Math.round((lo + rng.nextDouble() * (hi - lo)) * 1000) / 1000.0;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** An event under construction. */
  static final class Ev extends LinkedHashMap<String, Object> {
    Ev with(String k, Object v) {
      put(k, v);
      return this;
    }
  }

  /** What {@code GET /status} shows of the simulation. */
  public synchronized Map<String, Object> status() {
    return Snapshots.status(this);
  }

  /** The strategy in use (the last valid one read). */
  public synchronized Strategy strategy() {
    return strategy;
  }

  /** The faults now active, with their parameters. */
  public synchronized Map<Fault, Map<String, Object>> activeFaults() {
    return new EnumMap<>(faults);
  }

  public synchronized boolean isActive(Fault f) {
    return faults.containsKey(f);
  }

  public synchronized Set<Fault> activeSet() {
    return faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults.keySet());
  }
}
