package dev.botwatch.responder.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.responder.Loopback;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the port answers before the store is open, and that the full router takes over after. */
class StartGateTest {
  final Vertx vertx = Vertx.vertx();
  final HttpClient http = HttpClient.newHttpClient();
  final PrometheusRegistry registry = new PrometheusRegistry();
  StartGate gate;
  HttpServer server;

  @BeforeEach
  void start() throws Exception {
    Counter.builder().name("responder_test_total").help("t").register(registry).inc();
    gate = new StartGate(vertx, registry);
    server = Loopback.listen(vertx.createHttpServer().requestHandler(gate));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .method(
                method,
                method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString("{\"alerts\":[]}")
                    : HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void whileStartingLivenessAndMetricsAnswerAndEverythingElseIsRetryable() throws Exception {
    assertThat(send("GET", "/-/healthy").body()).isEqualTo("OK\n");
    assertThat(send("HEAD", "/-/healthy").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = send("GET", "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("responder_test_total 1.0");

    for (String[] req :
        new String[][] {
          {"GET", "/-/ready"}, {"POST", "/alerts"}, {"GET", "/api/v1/status"}, {"GET", "/"}
        }) {
      HttpResponse<String> r = send(req[0], req[1]);
      assertThat(r.statusCode()).as(req[0] + " " + req[1]).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonObject body = new JsonObject(r.body());
      assertThat(body.getString("reason")).isEqualTo("starting");
      assertThat(body.getInteger("status")).isEqualTo(503);
      assertThat(body.getString("error")).isEqualTo("starting: the audit store is being opened");
    }
  }

  @Test
  void onceOpenTheFullRouterAnswersEverything() throws Exception {
    Router full = Router.router(vertx);
    full.get("/-/ready").handler(ctx -> ctx.response().end("Ready\n"));
    full.post("/alerts").handler(ctx -> ctx.response().end("{}"));
    gate.open(full);

    assertThat(send("GET", "/-/ready").body()).isEqualTo("Ready\n");
    assertThat(send("POST", "/alerts").statusCode()).isEqualTo(200);
    // The starting routes are gone with the gate: the full router alone decides.
    assertThat(send("GET", "/metrics").statusCode()).isEqualTo(404);
  }
}
