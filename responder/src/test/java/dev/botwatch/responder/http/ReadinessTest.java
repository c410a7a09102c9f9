package dev.botwatch.responder.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.testing.ManualClock;
import dev.botwatch.responder.Loopback;
import dev.botwatch.responder.engine.IntakeBacklog;
import dev.botwatch.responder.engine.IntakeBacklogs;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /-/ready} says when intake falls behind, on a manual clock; {@code /-/healthy} stays OK.
 */
class ReadinessTest {
  final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z"));
  final IntakeBacklog backlog = new IntakeBacklog(clock);
  final Vertx vertx = Vertx.vertx();
  final HttpClient http = HttpClient.newHttpClient();
  HttpServer server;

  @BeforeEach
  void start() throws Exception {
    Router r = Router.router(vertx);
    Probes.install(r, backlog);
    server = Loopback.listen(vertx.createHttpServer().requestHandler(r));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readyWhileWebhooksCommitInTime() throws Exception {
    long t = IntakeBacklogs.enter(backlog);
    clock.advance(IntakeBacklog.MAX_WAIT);
    assertThat(get("/-/ready").statusCode()).isEqualTo(200);
    assertThat(get("/-/ready").body()).isEqualTo("Ready\n");
    assertThat(IntakeBacklogs.leave(backlog, t)).isEqualTo(IntakeBacklog.MAX_WAIT);
    assertThat(backlog.pending()).isZero();
    assertThat(backlog.oldestWait()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aWebhookWaitingTooLongMakesItNotReadyButStillHealthy() throws Exception {
    long first = IntakeBacklogs.enter(backlog);
    clock.advance(Duration.ofSeconds(2));
    long second = IntakeBacklogs.enter(backlog);
    clock.advance(Duration.ofMillis(500));

    var ready = get("/-/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject body = new JsonObject(ready.body());
    assertThat(body.getString("reason")).isEqualTo("intake_behind");
    assertThat(body.getString("error"))
        .contains("intake is falling behind")
        .contains("the oldest of 2 webhook(s)")
        .contains("2500 ms");
    assertThat(body.getInteger("pending")).isEqualTo(2);
    assertThat(body.getDouble("oldest_pending_seconds")).isEqualTo(2.5);
    assertThat(get("/-/healthy").statusCode()).isEqualTo(200);

    // The oldest commits: the next one has waited 0.5 s, in time again.
    assertThat(IntakeBacklogs.leave(backlog, first)).isEqualTo(Duration.ofMillis(2500));
    assertThat(get("/-/ready").statusCode()).isEqualTo(200);
    IntakeBacklogs.leave(backlog, second);
  }

  @Test
  void tooManyWebhooksWaitingMakesItNotReady() throws Exception {
    for (int i = 0; i < IntakeBacklog.MAX_PENDING; i++) {
      IntakeBacklogs.enter(backlog);
    }
    assertThat(get("/-/ready").statusCode()).isEqualTo(200);
    long last = IntakeBacklogs.enter(backlog);
    var ready = get("/-/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(ready.body()).getString("error"))
        .isEqualTo(
            "intake is falling behind: "
                + (IntakeBacklog.MAX_PENDING + 1)
                + " webhooks wait for the store (more than "
                + IntakeBacklog.MAX_PENDING
                + ")");
    IntakeBacklogs.leave(backlog, last);
    assertThat(get("/-/ready").statusCode()).isEqualTo(200);
    assertThat(get("/-/healthy").body()).isEqualTo("OK\n");
  }
}
