package dev.botwatch.exporter;

import dev.botwatch.common.WarmUp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The exporter's class-data sharing training run: one bot with a process, a log and files to read,
 * events and a state pushed, and {@code /metrics} asked as Prometheus and people ask it, so the
 * archive holds what a real start and its first scrapes load. Not the protobuf format: the archive
 * is resident whole, and ~115 classes that only native-histogram setups use would cost every
 * install ~1 MiB.
 */
final class ExporterWarmUp implements WarmUp {
  private static final String JSON = "application/json";

  @Override
  public String config(Path dir) throws IOException {
    Files.writeString(dir.resolve("bot.pid"), ProcessHandle.current().pid() + "\n");
    Files.writeString(dir.resolve("bot.log"), "2026-01-01 00:00:00,000 - bot - INFO - started\n");
    Files.writeString(dir.resolve("config.json"), "{\"exchange\": {\"name\": \"paper\"}}");
    return """
        server: {host: 127.0.0.1, port: 0}
        bots:
          warmup:
            sources:
              process: {pid_file: "%1$s/bot.pid"}
              logs: [{path: "%1$s/bot.log"}]
              files:
                config: [{path: "%1$s/config.json", required_keys: [exchange.name]}]
                writable: ["%1$s"]
                data: [{source: config, path: "%1$s/config.json"}]
        """
        .formatted(dir);
  }

  @Override
  public List<Request> requests() {
    String events =
        """
        [{"type":"trade","bot":"warmup","outcome":"success","duration_seconds":0.5},
         {"type":"scan","bot":"warmup","duration_seconds":3,"tokens_discovered":10,"tokens_approved":2},
         {"type":"api_call","bot":"warmup","api":"x","outcome":"error","duration_seconds":0.1},
         {"type":"error","bot":"warmup","component":"c","severity":"low"},
         {"type":"websocket","bot":"warmup","stream":"s","event":"reconnect","latency_seconds":0.1},
         {"type":"nonce","bot":"warmup","outcome":"failure"},
         {"type":"balance_check","bot":"warmup","duration_seconds":0.2},
         {"type":"heartbeat","bot":"warmup","component":"c"}]""";
    String state =
        """
        {"version":"1","pnl":{"daily":-1,"total":2,"currency":"USDT"},"balance":{"USDT":1},
         "open_positions":1,"max_positions":2,"kill_switches":{"k":{"active":false}},
         "components":{"c":true},"data_updated":{"d":1767225000},"emergency_mode":false,
         "trading_state":"running","rate_limit_usage":{"x":0.5},
         "websockets":{"s":{"connected":true,"latency_seconds":0.1}}}""";
    String ndjson = "{\"type\":\"heartbeat\",\"bot\":\"warmup\",\"component\":\"c\"}\n";
    return List.of(
        new Request("POST", "/api/v1/events", Map.of("Content-Type", JSON), events),
        new Request(
            "POST", "/api/v1/events", Map.of("Content-Type", "application/x-ndjson"), ndjson),
        new Request("PUT", "/api/v1/bots/warmup/state", Map.of("Content-Type", JSON), state),
        Request.get("/metrics", Map.of()),
        Request.get("/metrics", Map.of("Accept-Encoding", "gzip")),
        Request.get(
            "/metrics",
            Map.of(
                "Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5",
                "Accept-Encoding",
                "gzip")),
        Request.get("/metrics?name[]=bot_info", Map.of()),
        Request.get("/-/healthy", Map.of()),
        Request.get("/", Map.of()));
  }
}
