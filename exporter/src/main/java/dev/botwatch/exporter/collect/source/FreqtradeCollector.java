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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls each Freqtrade bot's REST API ({@code /api/v1}, HTTP Basic) and exports what fits the
 * catalog ({@link FreqtradeMetrics}): bot_trades_total{outcome}, bot_open_positions,
 * bot_max_positions, bot_balance{currency}, bot_pnl{period,currency}, bot_symbols_on_probation,
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
  public synchronized MetricSnapshots collect() throws Exception {
    List<String> rejected = new ArrayList<>();
    for (var e : byBot.entrySet()) {
      String bot = e.getKey();
      try {
        Map<String, JsonNode> api = poll(e.getValue());
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

  private Map<String, JsonNode> poll(FreqtradeSource s) throws Exception {
    String auth = null;
    if (s.password() != null) {
      String pair = s.username() + ":" + s.password().resolve();
      auth = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    Map<String, JsonNode> api = new LinkedHashMap<>();
    for (var ep : ENDPOINTS.entrySet()) {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(s.url() + ep.getValue())).timeout(s.timeout()).GET();
      if (auth != null) {
        req.header("Authorization", auth);
      }
      HttpResponse<byte[]> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      int code = resp.statusCode();
      if (code == 429) {
        throw new RateLimited();
      } else if (code == 401 || code == 403) {
        throw new Unauthorized("HTTP " + code);
      } else if (code == 404) {
        continue; // not in this Freqtrade version
      } else if (code != 200) {
        throw new IOException("HTTP " + code + " from " + ep.getKey());
      }
      api.put(ep.getKey(), JSON.readTree(resp.body()));
    }
    return api;
  }
}
