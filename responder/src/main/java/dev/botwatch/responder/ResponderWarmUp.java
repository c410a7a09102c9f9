package dev.botwatch.responder;

import dev.botwatch.common.WarmUp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The responder's class-data sharing training run: a store in a temporary directory, a firing and a
 * resolved notification through the authenticated webhook (recovery {@code none}, so no bot is
 * called), and the read endpoints, so the archive holds what a real start and its first webhooks
 * load.
 */
final class ResponderWarmUp implements WarmUp {
  /** Only ever a throwaway store's token, gone with the training run's directory. */
  private static final String TOKEN = "warm-up";

  @Override
  public String config(Path dir) throws IOException {
    Files.writeString(dir.resolve("token"), TOKEN);
    return """
        server: {host: 127.0.0.1, port: 0}
        webhook: {token: {file: "%1$s/token"}}
        control: {token: {file: "%1$s/token"}}
        store: {path: "%1$s/responder.db"}
        """
        .formatted(dir);
  }

  @Override
  public List<Request> requests() {
    Map<String, String> auth =
        Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
    return List.of(
        new Request("POST", "/alerts", auth, notification("firing", "0001-01-01T00:00:00Z")),
        new Request("POST", "/alerts", auth, notification("resolved", "2026-01-01T00:05:00Z")),
        Request.get("/api/v1/status", Map.of()),
        Request.get("/api/v1/actions", Map.of()),
        Request.get("/metrics", Map.of("Accept-Encoding", "gzip")),
        Request.get("/-/healthy", Map.of()),
        Request.get("/", Map.of()));
  }

  private static String notification(String status, String endsAt) {
    return """
        {"version":"4","groupKey":"{}:{alertname=\\"BotApiErrorRateHigh\\"}","truncatedAlerts":0,
         "status":"%1$s","receiver":"responder","groupLabels":{},"commonLabels":{},
         "commonAnnotations":{},"externalURL":"http://127.0.0.1:9093",
         "alerts":[{"status":"%1$s","labels":{"alertname":"BotApiErrorRateHigh","bot":"warmup",
           "severity":"warning","recovery":"none"},"annotations":{"summary":"warm-up"},
           "startsAt":"2026-01-01T00:00:00Z","endsAt":"%2$s","generatorURL":"",
           "fingerprint":"00000000000000aa"}]}"""
        .formatted(status, endsAt);
  }
}
