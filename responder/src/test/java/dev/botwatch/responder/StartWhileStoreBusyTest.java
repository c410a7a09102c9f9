package dev.botwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.responder.config.ResponderConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The port answers before the store is open. Another process holding the SQLite file locked keeps
 * the start waiting (within the store's busy timeout): meanwhile liveness and the responder's
 * metrics answer, readiness and the webhook answer 503 {@code starting}; once the lock is released
 * the start completes and webhooks are taken.
 */
class StartWhileStoreBusyTest {
  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();
  final HttpClient http = HttpClient.newHttpClient();
  int port;

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (method.equals("POST")) {
      b.header("Authorization", "Bearer " + Harness.WEBHOOK_TOKEN)
          .header("Content-Type", "application/json")
          .POST(
              HttpRequest.BodyPublishers.ofString(
                  Payloads.firing("paper", "none", "00000000000000aa")));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersStartingWhileTheStoreIsLockedThenTakesWebhooks() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Harness.config(dir, ""); // writes the token files
    ResponderConfig config =
        YamlConfig.parse(
            Harness.yaml(dir, "").replace("port: 0", "port: " + port),
            ResponderConfig.class,
            "test.yml",
            Map.of());
    Path db = Path.of(config.store().path());
    Files.deleteIfExists(db);
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = other.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");
      Future<Responder> starting =
          Responder.start(vertx, config, new PrometheusRegistry(), Clock.systemUTC());
      Harness.await(
          "the port answers",
          10,
          () -> {
            try {
              return send("GET", "/-/healthy").statusCode() == 200;
            } catch (Exception e) {
              return false;
            }
          });

      HttpResponse<String> metrics = send("GET", "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("responder_intake_duration_seconds_count 0");
      for (String[] req : new String[][] {{"GET", "/-/ready"}, {"POST", "/alerts"}}) {
        HttpResponse<String> r = send(req[0], req[1]);
        assertThat(r.statusCode()).as(req[1]).isEqualTo(503);
        assertThat(new JsonObject(r.body()).getString("reason")).isEqualTo("starting");
      }
      assertThat(starting.isComplete()).as("started while the store was locked").isFalse();

      st.execute("COMMIT");
      Responder responder = starting.await(20, TimeUnit.SECONDS);
      try {
        assertThat(send("GET", "/-/ready").body()).isEqualTo("Ready\n");
        assertThat(send("POST", "/alerts").statusCode()).isEqualTo(200);
      } finally {
        responder.stop().await(10, TimeUnit.SECONDS);
      }
    }
  }
}
