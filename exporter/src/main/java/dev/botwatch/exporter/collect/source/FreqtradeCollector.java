package dev.botwatch.exporter.collect.source;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.botwatch.exporter.collect.Collector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls each Freqtrade bot's REST API ({@code /api/v1}, HTTP Basic) and exports what fits the
 * catalog ({@link FreqtradeMetrics}): bot_trades_total{outcome}, bot_open_positions (filled),
 * bot_open_entry_orders (not filled yet), bot_max_positions, bot_balance{currency},
 * bot_pnl{period,currency}, bot_symbols_on_probation,
 * bot_heartbeat_timestamp_seconds{component="freqtrade"}, bot_trading_state{state}, bot_info.
 *
 * <ul>
 *   <li>429 on any endpoint: the poll is skipped and the bot's last values stay; rate limiting is
 *       not death.
 *   <li>404: that endpoint is missing in this Freqtrade version; its series are left out.
 *   <li>Unreachable, timeout, 5xx: the bot's series go, except the last heartbeat seen, which is
 *       still true and makes "heartbeat stale" fire as time passes.
 *   <li>401/403: our credentials are wrong; the run fails after the other bots are polled, so
 *       {@code botwatch_collector_success{collector="freqtrade"} 0} says so.
 * </ul>
 */
public final class FreqtradeCollector implements Collector {
  private static final Logger log = LoggerFactory.getLogger(FreqtradeCollector.class);
  static final Map<String, String> ENDPOINTS =
      Map.of(
          "show_config", "/api/v1/show_config",
          "profit", "/api/v1/profit",
          "status", "/api/v1/status",
          "balance", "/api/v1/balance",
          "daily", "/api/v1/daily?timescale=1",
          "locks", "/api/v1/locks",
          "health", "/api/v1/health");
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private final Map<String, FreqtradeSource> byBot;
  private final Map<String, MetricSnapshots> last = new LinkedHashMap<>();
  private final Map<String, JsonNode> lastHealth = new LinkedHashMap<>();
  private final HttpClient client;

  private static final class Unauthorized extends Exception {
    Unauthorized(String message) {
      super(message);
    }
  }

  private static final class RateLimited extends Exception {}

  public FreqtradeCollector(Map<String, FreqtradeSource> byBot) {
    this.byBot = new LinkedHashMap<>(byBot);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(
                byBot.values().stream()
                    .map(FreqtradeSource::timeout)
                    .max(java.time.Duration::compareTo)
                    .orElse(FreqtradeSource.DEFAULT_TIMEOUT))
            .build();
  }

  @Override
  public String name() {
    return "freqtrade";
  }

  @Override
  public MetricSnapshots collect() throws Exception {
    // Every request of every bot is in flight at once, each bounded by its bot's timeout, so a
    // run takes about one timeout however many bots hang.
    Map<String, Map<String, CompletableFuture<HttpResponse<byte[]>>>> started =
        new LinkedHashMap<>();
    byBot.forEach((bot, s) -> started.put(bot, start(s)));
    List<String> rejected = new ArrayList<>();
    for (var e : started.entrySet()) {
      String bot = e.getKey();
      try {
        Map<String, JsonNode> api = finish(e.getValue());
        MetricsOut out = new MetricsOut();
        FreqtradeMetrics.export(bot, api, out);
        last.put(bot, out.build());
        if (api.get("health") != null) {
          lastHealth.put(bot, api.get("health"));
        }
      } catch (RateLimited r) {
        log.debug("freqtrade bot {} rate-limited the poll; keeping its last values", bot);
      } catch (Unauthorized u) {
        rejected.add(bot + " (" + u.getMessage() + ")");
        last.put(bot, heartbeatOnly(bot));
      } catch (IOException | RuntimeException x) {
        // the class only: an exception's message could quote a URL or a header
        log.warn("freqtrade bot {} not polled: {}", bot, x.getClass().getSimpleName());
        last.put(bot, heartbeatOnly(bot));
      }
    }
    MetricSnapshots merged =
        dev.botwatch.exporter.collect.Snapshots.merge(
            last.values(), conflict -> log.warn("freqtrade: {}", conflict));
    if (!rejected.isEmpty()) {
      throw new IllegalStateException("freqtrade API rejected the credentials of bots " + rejected);
    }
    return merged;
  }

  private MetricSnapshots heartbeatOnly(String bot) {
    MetricsOut out = new MetricsOut();
    JsonNode h = lastHealth.get(bot);
    if (h != null) {
      FreqtradeMetrics.export(bot, Map.of("health", h), out);
    }
    return out.build();
  }

  private Map<String, CompletableFuture<HttpResponse<byte[]>>> start(FreqtradeSource s) {
    Map<String, CompletableFuture<HttpResponse<byte[]>>> out = new LinkedHashMap<>();
    String auth;
    try {
      auth =
          s.password() == null
              ? null
              : "Basic "
                  + Base64.getEncoder()
                      .encodeToString(
                          (s.username() + ":" + s.password().resolve())
                              .getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      out.put("credentials", CompletableFuture.failedFuture(e));
      return out;
    }
    for (var ep : ENDPOINTS.entrySet()) {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(s.url() + ep.getValue())).timeout(s.timeout()).GET();
      if (auth != null) {
        req.header("Authorization", auth);
      }
      out.put(ep.getKey(), client.sendAsync(req.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }
    return out;
  }

  /**
   * Waits for one bot's responses. 429 anywhere skips the poll, 401/403 means our credentials are
   * wrong, 404 is an endpoint this Freqtrade version lacks, anything else but 200 fails the poll.
   */
  private static Map<String, JsonNode> finish(
      Map<String, CompletableFuture<HttpResponse<byte[]>>> pending) throws Exception {
    Map<String, HttpResponse<byte[]>> got = new LinkedHashMap<>();
    Exception failure = null;
    for (var e : pending.entrySet()) {
      try {
        got.put(e.getKey(), e.getValue().get());
      } catch (ExecutionException x) {
        failure = x.getCause() instanceof Exception c ? c : x;
      }
    }
    if (got.values().stream().anyMatch(r -> r.statusCode() == 429)) {
      throw new RateLimited();
    }
    for (HttpResponse<byte[]> r : got.values()) {
      if (r.statusCode() == 401 || r.statusCode() == 403) {
        throw new Unauthorized("HTTP " + r.statusCode());
      }
    }
    if (failure != null) {
      throw failure;
    }
    Map<String, JsonNode> api = new LinkedHashMap<>();
    for (var e : got.entrySet()) {
      int code = e.getValue().statusCode();
      if (code == 404) {
        continue;
      } else if (code != 200) {
        throw new IOException("HTTP " + code + " from " + e.getKey());
      }
      api.put(e.getKey(), JSON.readTree(e.getValue().body()));
    }
    return api;
  }
}
