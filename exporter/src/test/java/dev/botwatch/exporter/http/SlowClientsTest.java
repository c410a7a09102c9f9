package dev.botwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.common.http.SlowClientChecks;
import dev.botwatch.exporter.Exporter;
import dev.botwatch.exporter.config.ExporterConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter closes slow clients (server.request_timeout 300ms here) and keeps a scraper's
 * kept-alive connection working.
 */
class SlowClientsTest {
  static final Duration REQUEST = Duration.ofMillis(300);
  static final String TOKEN = "slow-client-test-token";

  Vertx vertx = Vertx.vertx();
  ExporterServer server;

  @BeforeEach
  void start(@TempDir Path tmp) throws Exception {
    Path token = Files.writeString(tmp.resolve("token"), TOKEN);
    ExporterConfig cfg =
        YamlConfig.parse(
            """
            server: {port: 0, request_timeout: 300ms, idle_timeout: 5s}
            auth: {token: {file: %s}}
            """
                .formatted(token),
            ExporterConfig.class,
            "test");
    server =
        ExporterServer.start(vertx, cfg, new Exporter(cfg, List.of())).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void halfSentRequestsAreClosed() throws Exception {
    SlowClientChecks.halfSentHeadsAreClosed(server.port(), REQUEST, 200);
    assertThat(scrape()).contains("botwatch_http_slow_clients_closed_total{phase=\"head\"} 200");
  }

  @Test
  void aSlowEventBatchIsCutOff() throws Exception {
    SlowClientChecks.aTrickledBodyIsCutOff(
        server.port(),
        "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + TOKEN
            + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 500\r\n\r\n",
        500);
    assertThat(scrape()).contains("botwatch_http_slow_clients_closed_total{phase=\"body\"} 1");
  }

  @Test
  void aScraperKeepsItsConnection() throws Exception {
    SlowClientChecks.keptAliveClientKeepsWorking(server.port(), REQUEST, "/metrics");
  }

  private String scrape() throws Exception {
    try (var c = new dev.botwatch.common.http.RawHttp(server.port())) {
      return c.get("/metrics").body();
    }
  }
}
