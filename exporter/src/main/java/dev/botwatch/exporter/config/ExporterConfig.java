package dev.botwatch.exporter.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.common.http.ServerConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The exporter's whole configuration, one immutable tree loaded from YAML ({@code
 * YamlConfig.load(path, ExporterConfig.class)}). Every section is optional; defaults live in the
 * records' constructors and in {@link CollectorSettings#DEFAULTS}. docs/exporter.md lists every
 * key.
 *
 * <pre>{@code
 * server: {port: 9310}
 * auth: {token: {env: BOTWATCH_EXPORTER_TOKEN}}
 * ingest: {body_limit_bytes: 1048576, max_label_values: 50, max_bots: 100}
 * collectors: {host: {interval: 10s}, probe: {enabled: false}}
 * bots:
 *   paper: {info: {exchange: binance, strategy: momentum}, sources: {...}}
 * }</pre>
 */
public record ExporterConfig(
    ServerConfig server,
    AuthConfig auth,
    IngestConfig ingest,
    Map<String, CollectorSettings> collectors,
    Map<String, BotConfig> bots)
    implements Validatable {

  public static final int DEFAULT_PORT = 9310;

  /** Bot names as the bot contract allows them; they become the {@code bot} label. */
  public static final Pattern BOT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public ExporterConfig {
    server =
        server == null
            ? ServerConfig.of("127.0.0.1", DEFAULT_PORT)
            : server.port() == null ? server.withPort(DEFAULT_PORT) : server;
    auth = auth == null ? AuthConfig.NONE : auth;
    ingest = ingest == null ? IngestConfig.defaults() : ingest;
    collectors = collectors == null ? Map.of() : new LinkedHashMap<>(collectors);
    Map<String, BotConfig> named = new LinkedHashMap<>();
    if (bots != null) {
      // "bots: {paper: }" is a bot with nothing configured, not an error.
      bots.forEach((k, v) -> named.put(k, v == null ? new BotConfig(null, null) : v));
    }
    collectors = java.util.Collections.unmodifiableMap(collectors);
    bots = java.util.Collections.unmodifiableMap(named);
  }

  /** The settings of collector {@code name}, defaults filled in. */
  public CollectorSettings collector(String name) {
    CollectorSettings d = CollectorSettings.DEFAULTS.getOrDefault(name, CollectorSettings.OTHER);
    CollectorSettings given = collectors.get(name);
    return given == null ? d : given.orElse(d);
  }

  @Override
  public void validate(String path, Problems p) {
    server.validate(path + "server", p);
    auth.validate(path + "auth", p);
    ingest.validate(path + "ingest", p);
    collectors.forEach(
        (name, settings) -> {
          String at = path + "collectors." + name;
          if (!CollectorSettings.DEFAULTS.containsKey(name)) {
            p.add(at, "is not a known collector (known: " + knownCollectors() + ")");
          } else if (settings == null) {
            p.add(at, "must not be empty");
          } else {
            int before = p.errors().size();
            settings.validate(at, p);
            CollectorSettings eff = collector(name);
            if (p.errors().size() == before && eff.timeout().compareTo(eff.interval()) > 0) {
              p.add(at + ".timeout", "must not exceed interval (" + eff.interval() + ")");
            }
          }
        });
    bots.forEach(
        (name, bot) -> {
          String at = path + "bots." + name;
          p.require(
              BOT_NAME.matcher(name).matches(), at, "is not a bot name ([A-Za-z0-9_.-]{1,64})");
          bot.validate(at, p);
        });
    p.require(
        bots.size() <= ingest.maxBots(),
        path + "bots",
        "lists more bots than ingest.max_bots (" + ingest.maxBots() + ")");
  }

  private static String knownCollectors() {
    return String.join(", ", new java.util.TreeSet<>(CollectorSettings.DEFAULTS.keySet()));
  }
}
