package dev.botwatch.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.exporter.Exporter;
import dev.botwatch.exporter.collect.Collector;
import dev.botwatch.exporter.config.ExporterConfig;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP API of a real server on a free loopback port, driven with WebClient. */
@ExtendWith(VertxExtension.class)
class ExporterServerTest {
  static final String TOKEN = "t0ken-for-tests";

  @TempDir static Path tmp;
  Vertx vertx;
  ExporterServer server;
  WebClient client;
  final CountDownLatch collectorMayFinish = new CountDownLatch(1);

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    ExporterConfig cfg =
        YamlConfig.parse(
            """
            server: {port: 0}
            auth: {token: {file: %s}}
            ingest: {body_limit_bytes: 2000}
            """
                .formatted(tokenFile),
            ExporterConfig.class,
            "test");
    Collector slow =
        new Collector() {
          public String name() {
            return "slow";
          }

          public MetricSnapshots collect() throws Exception {
            collectorMayFinish.await(10, TimeUnit.SECONDS);
            return MetricSnapshots.of();
          }
        };
    server =
        ExporterServer.start(vertx, cfg, new Exporter(cfg, List.of(slow)))
            .await(10, TimeUnit.SECONDS);
    client =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
  }

  @AfterEach
  void stop() throws Exception {
    collectorMayFinish.countDown();
    server.stop().await(10, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> send(HttpRequest<Buffer> req, String contentType, String body)
      throws Exception {
    return req.putHeader("Authorization", "Bearer " + TOKEN)
        .putHeader("Content-Type", contentType)
        .sendBuffer(Buffer.buffer(body))
        .await(10, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> get(String path) throws Exception {
    return client.get(path).send().await(10, TimeUnit.SECONDS);
  }

  @Test
  void acceptsABatchAndShowsItInMetrics() throws Exception {
    var r =
        send(
            client.post("/api/v1/events"),
            "application/json; charset=utf-8",
            "[{\"type\":\"trade\",\"bot\":\"p\",\"outcome\":\"failure\"},{\"type\":\"heartbeat\",\"bot\":\"p\",\"ts\":1767225000}]");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("accepted", 2));
    r =
        send(
            client.post("/api/v1/events"),
            "application/x-ndjson",
            "{\"type\":\"nonce\",\"bot\":\"p\",\"outcome\":\"failure\"}\n");
    assertThat(r.statusCode()).isEqualTo(202);
    r = send(client.put("/api/v1/bots/p/state"), "application/json", "{\"emergency_mode\":true}");
    assertThat(r.statusCode()).isEqualTo(202);

    String metrics = get("/metrics").bodyAsString();
    assertThat(metrics)
        .contains("bot_trades_total{bot=\"p\",outcome=\"failure\"} 1.0")
        .contains("bot_heartbeat_timestamp_seconds{bot=\"p\",component=\"main\"} 1.767225E9")
        .contains("bot_nonce_failures_total{bot=\"p\"} 1.0")
        .contains("bot_emergency_mode{bot=\"p\"} 1.0")
        .contains("botwatch_events_received_total{type=\"trade\"} 1.0");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          wrong content type | /api/v1/events       | POST | text/plain       | []                       | 415 | unsupported_media_type | Content-Type
          ndjson for state   | /api/v1/bots/p/state | PUT  | application/x-ndjson | {}                   | 415 | unsupported_media_type | Content-Type
          invalid JSON       | /api/v1/events       | POST | application/json | [{                       | 400 | invalid_json |
          semantic error     | /api/v1/events       | POST | application/json | [{"type":"x","bot":"p"}] | 422 | invalid | events[0].type
          bad state          | /api/v1/bots/p/state | PUT  | application/json | {"open_positions":-2}    | 422 | invalid | open_positions
          bad bot in path    | /api/v1/bots/a%20b/state | PUT | application/json | {}                   | 422 | invalid | bot
          """)
  void badInputGetsA4xxJsonErrorAndIsCounted(
      String name,
      String path,
      String method,
      String type,
      String body,
      int status,
      String reason,
      String field)
      throws Exception {
    var req = method.equals("PUT") ? client.put(path) : client.post(path);
    var r = send(req, type, body);
    assertThat(r.statusCode()).as(name).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject err = r.bodyAsJsonObject();
    assertThat(err.getInteger("status")).isEqualTo(status);
    assertThat(err.getString("field")).isEqualTo(field);
    assertThat(get("/metrics").bodyAsString())
        .contains("botwatch_events_rejected_total{reason=\"" + reason + "\"} 1.0");
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    String big = "[" + "{\"type\":\"heartbeat\",\"bot\":\"p\"},".repeat(100) + "{}]";
    var r = send(client.post("/api/v1/events"), "application/json", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.bodyAsJsonObject().getString("error")).contains("2000 bytes");
    assertThat(get("/metrics").bodyAsString())
        .contains("botwatch_events_rejected_total{reason=\"too_large\"} 1.0")
        .contains("botwatch_events_received_total{type=\"heartbeat\"} 0.0");
  }

  @Test
  void aMissingOrWrongTokenIs401AndNeverEchoed() throws Exception {
    var r =
        client
            .post("/api/v1/events")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("[]"))
            .await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(401);
    r =
        client
            .post("/api/v1/events")
            .putHeader("Authorization", "Bearer wrong-" + TOKEN)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("[]"))
            .await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.bodyAsString()).doesNotContain(TOKEN);
    assertThat(get("/metrics").bodyAsString())
        .contains("botwatch_events_rejected_total{reason=\"unauthorized\"} 2.0");
  }

  @Test
  void metricsNegotiatesFormatAndCompresses() throws Exception {
    var text = get("/metrics");
    assertThat(text.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
    var om =
        client
            .get("/metrics")
            .putHeader("Accept", "application/openmetrics-text;version=1.0.0")
            .send()
            .await(10, TimeUnit.SECONDS);
    assertThat(om.getHeader("Content-Type")).startsWith("application/openmetrics-text");
    assertThat(om.bodyAsString()).endsWith("# EOF\n");
    var gz =
        client
            .get("/metrics")
            .putHeader("Accept-Encoding", "gzip")
            .send()
            .await(10, TimeUnit.SECONDS);
    assertThat(gz.getHeader("Content-Encoding")).isEqualTo("gzip");
    var filtered = get("/metrics?name[]=botwatch_build_info");
    assertThat(filtered.bodyAsString()).contains("botwatch_build_info{").doesNotContain("jvm_");
  }

  @Test
  void readyOnlyAfterTheFirstCollectionRound() throws Exception {
    assertThat(get("/-/healthy").statusCode()).isEqualTo(200);
    assertThat(get("/-/ready").statusCode()).isEqualTo(503);
    collectorMayFinish.countDown();
    await("ready after the first round")
        .atMost(Duration.ofSeconds(5))
        .until(() -> get("/-/ready").statusCode() == 200);
    String landing = get("/").bodyAsString();
    assertThat(landing).contains("href=\"/metrics\"").contains("slow");
    var missing = get("/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getInteger("status")).isEqualTo(404);
  }

  /** Every GET endpoint answers HEAD: the GET's status and headers, no body. */
  @ParameterizedTest(name = "HEAD {0}")
  @ValueSource(strings = {"/metrics", "/-/healthy", "/-/ready", "/", "/nope"})
  void headIsAnsweredWhereverGetIs(String path) throws Exception {
    var get = get(path);
    var head = client.head(path).send().await(10, TimeUnit.SECONDS);
    assertThat(head.statusCode()).isEqualTo(get.statusCode());
    assertThat(head.getHeader("Content-Type")).isEqualTo(get.getHeader("Content-Type"));
    assertThat(head.body() == null ? 0 : head.body().length()).as("body length").isZero();
  }
}
