package dev.botwatch.demobot;

import dev.botwatch.common.Launcher;
import dev.botwatch.common.http.SlowClients;
import dev.botwatch.demobot.config.DemoBotConfig;
import dev.botwatch.demobot.http.Api;
import dev.botwatch.demobot.http.ExporterClient;
import dev.botwatch.demobot.io.BotFiles;
import dev.botwatch.demobot.io.BotLog;
import dev.botwatch.demobot.io.MemoryBalloon;
import dev.botwatch.demobot.sim.ControlException;
import dev.botwatch.demobot.sim.Controls;
import dev.botwatch.demobot.sim.Fault;
import dev.botwatch.demobot.sim.LogLine;
import dev.botwatch.demobot.sim.Simulation;
import dev.botwatch.demobot.sim.TickOutput;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running demo bot: wires the {@link Simulation} to its files, the exporter and the HTTP API,
 * and runs the main loop every {@code tick}. The loop's work (simulation step, log and file writes,
 * memory growth) runs on a worker; reporting and HTTP stay on the event loop. Faults with effects
 * outside the simulation live here: {@code exit} ends the process, {@code broken_config} corrupts
 * the strategy file, {@code memory_growth} inflates native memory.
 */
public final class DemoBot implements Launcher.Running {
  private static final Logger log = LoggerFactory.getLogger(DemoBot.class);

  private final Vertx vertx;
  private final DemoBotConfig cfg;
  private final Clock clock;
  private final IntConsumer exit;
  private final Simulation sim;
  private final Controls controls;
  private final BotLog botLog;
  private final BotFiles files;
  private final MemoryBalloon balloon;
  private final ExporterClient exporter;
  private final WebClient client;
  private final long startedMillis;
  private HttpServer server;
  private long timer = -1;
  private boolean ticking;
  private volatile boolean stopped;
  private volatile Future<?> inFlight = Future.succeededFuture();
  private boolean dataFailing;

  /** Turns of the main loop that ran, stalled or not: how a watcher knows time went by. */
  private final AtomicLong ticks = new AtomicLong();

  private DemoBot(Vertx vertx, DemoBotConfig cfg, Clock clock, IntConsumer exit, String token) {
    this.vertx = vertx;
    this.cfg = cfg;
    this.clock = clock;
    this.exit = exit;
    this.sim = new Simulation(cfg.bot(), cfg.trading(), cfg.seed());
    this.controls = new Controls(sim);
    var f = cfg.files();
    this.botLog = new BotLog(path(f.log()), cfg.bot(), f.logMaxBytes(), f.logBackups(), clock);
    this.files = new BotFiles(path(f.config()), path(f.data()), path(f.pid()));
    this.balloon = new MemoryBalloon(cfg.memoryGrowth().capBytes());
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) cfg.exporter().timeout().toMillis())
                .setUserAgent("botwatch-demo-bot"));
    this.exporter =
        new ExporterClient(
            client,
            cfg.exporter().url(),
            cfg.bot(),
            token,
            cfg.exporter().timeout(),
            cfg.exporter().bufferEvents());
    this.startedMillis = clock.millis();
  }

  /**
   * Starts the bot: prepares its files, binds the API, starts the loop. {@code exit} is how the
   * {@code exit} fault ends the process ({@code System::exit} in main, a recorder in tests).
   */
  public static Future<DemoBot> start(
      Vertx vertx, DemoBotConfig cfg, Clock clock, IntConsumer exit) {
    String controlToken;
    String exporterToken;
    try {
      controlToken = cfg.controlTokenValue();
      exporterToken = cfg.exporter().tokenValue();
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    DemoBot bot = new DemoBot(vertx, cfg, clock, exit, exporterToken);
    return vertx
        .executeBlocking(
            () -> {
              bot.files.prepare();
              bot.botLog.write(
                  LogLine.info(
                      "bot "
                          + cfg.bot()
                          + " starting (pid "
                          + ProcessHandle.current().pid()
                          + ")"));
              return null;
            })
        .compose(
            x ->
                SlowClients.listen(
                    vertx, cfg.server(), o -> o, Api.router(vertx, bot, controlToken), null))
        .map(
            s -> {
              bot.server = s;
              bot.timer = vertx.setPeriodic(0, cfg.tick().toMillis(), id -> bot.tick());
              return bot;
            });
  }

  /**
   * One turn of the main loop; skipped while the previous one still runs. Reporting does not hold
   * up the loop: a slow exporter must not slow the heartbeats down ({@link ExporterClient} keeps
   * one batch and one state in flight at a time).
   */
  void tick() {
    if (ticking || stopped) {
      return;
    }
    ticking = true;
    inFlight =
        vertx
            .executeBlocking(this::step)
            .onSuccess(
                out -> {
                  if (!out.stalled() && !stopped) {
                    exporter.report(out.events(), out.state());
                  }
                })
            .onFailure(t -> log.error("tick failed", t))
            .onComplete(x -> ticking = false);
  }

  private TickOutput step() {
    if (stopped) {
      return TickOutput.STALLED;
    }
    double now = clock.millis() / 1000.0;
    TickOutput out = sim.tick(now, files.readConfig());
    if (out.stalled()) {
      ticks.incrementAndGet();
      return out;
    }
    botLog.write(out.logs());
    if (out.refreshedPrices() != null) {
      try {
        files.writePrices(now, out.refreshedPrices());
        dataFailing = false;
      } catch (IOException e) {
        if (!dataFailing) {
          log.warn("cannot write the data file: {}", e.toString());
          dataFailing = true;
        }
      }
    }
    if (sim.isActive(Fault.MEMORY_GROWTH)) {
      balloon.grow(cfg.memoryGrowth().stepBytes());
    }
    ticks.incrementAndGet();
    return out;
  }

  /** {@code POST /control/<action>}. */
  public Future<Map<String, Object>> control(String action, Map<String, Object> body) {
    Controls.Result r = controls.control(action, body);
    // The hung loop writes no log; only the restart that unsticks it gets a line.
    boolean logIt = !sim.isActive(Fault.STALL);
    // slow_control: the call has taken effect (and is counted); only the answer is late.
    Map<String, Object> slow = sim.activeFaults().get(Fault.SLOW_CONTROL);
    long lateMs =
        slow == null ? 0 : Math.round(((Number) slow.get("seconds")).doubleValue() * 1000);
    Future<Map<String, Object>> done =
        vertx.executeBlocking(
            () -> {
              if (logIt) {
                botLog.write(r.log());
              }
              if (r.cleared().contains(Fault.MEMORY_GROWTH)) {
                balloon.release();
              }
              return r.body();
            });
    if (lateMs <= 0) {
      return done;
    }
    return done.compose(m -> Future.future(p -> vertx.setTimer(lateMs, id -> p.complete(m))));
  }

  /** {@code POST|DELETE /faults/<name>}. */
  public Future<Map<String, Object>> fault(String name, boolean on, Map<String, Object> params) {
    Fault fault =
        Fault.byName(name)
            .orElseThrow(() -> new ControlException(404, "unknown fault '" + name + "'", "name"));
    if (fault == Fault.BROKEN_CONFIG && !files.hasConfig()) {
      throw new ControlException(409, "no strategy config file configured (files.config)", null);
    }
    Controls.Result r = controls.fault(fault, on, params);
    log.info("{} fault {}", on ? "injected" : "removed", fault.wireName());
    Map<String, Object> body = new LinkedHashMap<>(r.body());
    boolean exiting = fault == Fault.EXIT && on;
    if (exiting) {
      body.put("exiting", true);
    }
    var strategy = sim.strategy();
    return vertx
        .executeBlocking(
            () -> {
              botLog.write(r.log());
              if (fault == Fault.BROKEN_CONFIG) {
                if (on) {
                  files.breakConfig();
                } else {
                  files.restoreConfig(strategy);
                }
              }
              if (fault == Fault.MEMORY_GROWTH && !on) {
                balloon.release();
              }
              return body;
            })
        .onSuccess(
            b -> {
              if (exiting) {
                // After the answer has gone out, and off the event loop: System.exit waits for
                // the shutdown hook, which needs the event loop.
                vertx.setTimer(
                    100, id -> new Thread(() -> exit.accept(1), "demo-bot-exit").start());
              }
            });
  }

  /** {@code GET /faults}: every fault, whether it is on, the alert it raises, what clears it. */
  public List<Object> faults() {
    var active = sim.activeFaults();
    List<Object> out = new ArrayList<>();
    for (Fault f : Fault.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.wireName());
      m.put("active", active.containsKey(f));
      if (active.containsKey(f)) {
        m.putAll(active.get(f));
      }
      m.put("effect", f.effect());
      m.put("alert", f.alert());
      m.put("cleared_by", f.clearedBy());
      out.add(m);
    }
    return out;
  }

  /** {@code GET /status}. */
  public Map<String, Object> status() {
    Map<String, Object> s = sim.status();
    s.put("pid", ProcessHandle.current().pid());
    s.put("uptime_seconds", (clock.millis() - startedMillis) / 1000.0);
    s.put("ticks", ticks.get());
    s.put("memory_balloon_bytes", balloon.size());
    s.put("exporter", exporter.stats());
    Map<String, Object> paths = new LinkedHashMap<>();
    var f = cfg.files();
    paths.put("log", f.log());
    paths.put("config", f.config());
    paths.put("config_known_good", files.knownGood() == null ? null : files.knownGood().toString());
    paths.put("data", f.data());
    paths.put("pid", f.pid());
    s.put("files", paths);
    return s;
  }

  @Override
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    // The tick in flight finishes its writes first: nothing touches the files after this.
    Future<Void> chain =
        inFlight
            .transform(x -> server == null ? Future.<Void>succeededFuture() : server.close())
            .eventually(
                () ->
                    vertx.executeBlocking(
                        () -> {
                          botLog.write(LogLine.info("bot " + cfg.bot() + " stopping"));
                          balloon.release();
                          files.removePid();
                          client.close();
                          return null;
                        }))
            .mapEmpty();
    return chain;
  }

  private static Path path(String p) {
    return p == null ? null : Path.of(p);
  }
}
