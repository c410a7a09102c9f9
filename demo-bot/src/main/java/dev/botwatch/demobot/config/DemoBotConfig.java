package dev.botwatch.demobot.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.common.http.ServerConfig;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The demo bot's whole configuration, one immutable tree loaded from YAML. Every key is optional;
 * defaults live in the constructors. docs/demo-bot.md lists every key.
 *
 * <pre>{@code
 * server: {port: 9330}
 * bot: paper
 * exporter: {url: http://127.0.0.1:9310, token: {file: .run/secrets/exporter_token}}
 * control_token: {file: .run/secrets/control_token}
 * tick: 1s
 * seed: 42
 * files: {log: .run/demo-bot/bot.log, config: .run/demo-bot/strategy.json,
 *         data: .run/demo-bot/prices.json, pid: .run/demo-bot/bot.pid}
 * trading: {exchange: binance, liquidation_allowed: false}
 * memory_growth: {cap_mib: 640, step_mib: 16}
 * }</pre>
 */
public record DemoBotConfig(
    ServerConfig server,
    String bot,
    ExporterTarget exporter,
    Secret controlToken,
    Duration tick,
    Long seed,
    FilesConfig files,
    TradingConfig trading,
    MemoryGrowthConfig memoryGrowth)
    implements Validatable {

  public static final int DEFAULT_PORT = 9330;

  /** The exporter's rule for bot names: they become the {@code bot} label. */
  static final Pattern BOT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public DemoBotConfig {
    server =
        server == null
            ? ServerConfig.of("127.0.0.1", DEFAULT_PORT)
            : server.port() == null ? server.withPort(DEFAULT_PORT) : server;
    bot = bot == null ? "paper" : bot;
    exporter = exporter == null ? new ExporterTarget(null, null, null, null) : exporter;
    tick = tick == null ? Duration.ofSeconds(1) : tick;
    seed = seed == null ? 42L : seed;
    files = files == null ? new FilesConfig(null, null, null, null, null, null) : files;
    trading = trading == null ? TradingConfig.defaults() : trading;
    memoryGrowth = memoryGrowth == null ? new MemoryGrowthConfig(null, null) : memoryGrowth;
  }

  /** Defaults everywhere: what an empty YAML file gives. */
  public static DemoBotConfig defaults() {
    return new DemoBotConfig(null, null, null, null, null, null, null, null, null);
  }

  @Override
  public void validate(String path, Problems p) {
    server.validate(path + "server", p);
    p.require(BOT_NAME.matcher(bot).matches(), path + "bot", "must match [A-Za-z0-9_.-]{1,64}");
    exporter.validate(path + "exporter", p);
    if (controlToken != null) {
      controlToken.validate(path + "control_token", p);
    }
    p.positive(tick, path + "tick");
    if (!tick.isNegative() && tick.toMillis() < 10) {
      p.add(path + "tick", "must be at least 10ms");
    }
    files.validate(path + "files", p);
    trading.validate(path + "trading", p);
    memoryGrowth.validate(path + "memory_growth", p);
  }

  /** Reads the control token now, or null when the control API is open. */
  public String controlTokenValue() {
    return controlToken == null ? null : controlToken.resolve();
  }
}
