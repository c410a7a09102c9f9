package dev.botwatch.responder.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.common.http.RawHttp;
import dev.botwatch.common.http.SlowClientChecks;
import dev.botwatch.responder.Responder;
import dev.botwatch.responder.config.ResponderConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The responder closes slow clients (server.request_timeout 300ms here): half-sent requests and a
 * webhook body trickled a byte at a time; an Alertmanager-like kept-alive client keeps working.
 */
class SlowClientsTest {
  static final Duration REQUEST = Duration.ofMillis(300);
  static final String TOKEN = "slow-webhook-token";

  Vertx vertx = Vertx.vertx();
  Responder responder;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("webhook.token"), TOKEN);
    ResponderConfig cfg =
        YamlConfig.parse(
            """
            server: {host: 127.0.0.1, port: 0, request_timeout: 300ms, idle_timeout: 5s}
            webhook: {token: {file: %1$s/webhook.token}}
            store: {path: %1$s/responder.db}
            """
                .formatted(dir),
            ResponderConfig.class,
            "test.yml",
            Map.of());
    responder =
        Responder.start(vertx, cfg, new PrometheusRegistry(), Clock.systemUTC())
            .await(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    responder.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void halfSentRequestsAreClosed() throws Exception {
    SlowClientChecks.halfSentHeadsAreClosed(responder.port(), REQUEST, 200);
    assertThat(metrics()).contains("botwatch_http_slow_clients_closed_total{phase=\"head\"} 200");
  }

  @Test
  void aSlowWebhookIsCutOff() throws Exception {
    SlowClientChecks.aTrickledBodyIsCutOff(
        responder.port(),
        "POST /alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + TOKEN
            + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n",
        500);
    assertThat(metrics()).contains("botwatch_http_slow_clients_closed_total{phase=\"body\"} 1");
  }

  @Test
  void aKeptAliveClientKeepsItsConnection() throws Exception {
    SlowClientChecks.keptAliveClientKeepsWorking(responder.port(), REQUEST, "/-/healthy");
  }

  private String metrics() throws Exception {
    try (RawHttp c = new RawHttp(responder.port())) {
      return c.get("/metrics").body();
    }
  }
}
