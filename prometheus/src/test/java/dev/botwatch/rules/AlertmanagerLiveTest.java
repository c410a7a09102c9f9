package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * prometheus/alertmanager.yml in a real Alertmanager 0.25 (single node, loopback), with the
 * responder replaced by a capture server: the relative credentials_file is read and sent as a
 * bearer token, and a critical alert inhibits the warning of the same bot and alertname while other
 * warnings still arrive.
 */
class AlertmanagerLiveTest {
  record Received(String authorization, JsonNode body) {}

  @Test
  void deliversToTheResponderWithTheTokenAndInhibitsTheWarningTwin() throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    ObjectMapper json = new ObjectMapper();
    HttpServer capture = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    capture.createContext(
        "/alerts",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          received.add(
              new Received(ex.getRequestHeaders().getFirst("Authorization"), json.readTree(body)));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    capture.start();
    Path dir = Files.createTempDirectory("botwatch-am");
    Files.createDirectories(dir.resolve("secrets"));
    Files.copy(
        Tools.ROOT.resolve("prometheus/secrets/webhook_token"),
        dir.resolve("secrets/webhook_token"));
    String cfg =
        Tools.read(Path.of("prometheus/alertmanager.yml"))
            .replace(
                "http://127.0.0.1:9320/alerts",
                "http://127.0.0.1:" + capture.getAddress().getPort() + "/alerts")
            .replace("127.0.0.1:9325", "127.0.0.1:" + freePort());
    Files.writeString(dir.resolve("alertmanager.yml"), cfg);
    int port = freePort();
    Process am =
        new ProcessBuilder(
                Tools.require("prometheus-alertmanager"),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .directory(Path.of("/").toFile()) // relative paths must resolve against the config
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    try {
      String base = "http://127.0.0.1:" + port;
      await(Duration.ofSeconds(20), () -> get(http, base + "/-/ready") == 200);
      String alerts =
          """
          [{"labels": {"alertname": "BotApiErrorRateHigh", "bot": "b1", "severity": "critical", "recovery": "soft"}},
           {"labels": {"alertname": "BotApiErrorRateHigh", "bot": "b1", "severity": "warning", "recovery": "soft"}},
           {"labels": {"alertname": "BotScanSlow", "bot": "b1", "severity": "warning", "recovery": "medium"}}]""";
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v2/alerts"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(alerts))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
      // group_wait is 10s; both groups flush then.
      await(Duration.ofSeconds(30), () -> received.size() >= 2);
      Thread.sleep(3000); // an inhibited warning would have come with them
      assertThat(received)
          .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + token()));
      List<String> got =
          received.stream()
              .flatMap(r -> r.body().path("alerts").findValues("labels").stream())
              .map(l -> l.path("alertname").asText() + "/" + l.path("severity").asText())
              .toList();
      assertThat(got)
          .containsExactlyInAnyOrder("BotApiErrorRateHigh/critical", "BotScanSlow/warning");
      assertThat(received)
          .allSatisfy(r -> assertThat(r.body().path("version").asText()).isEqualTo("4"));
    } finally {
      am.destroy();
      capture.stop(0);
      if (!am.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        am.destroyForcibly();
      }
    }
  }

  private static String token() throws Exception {
    return Files.readString(
            Tools.ROOT.resolve("prometheus/secrets/webhook_token"), StandardCharsets.UTF_8)
        .trim();
  }

  private static int get(HttpClient http, String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void await(Duration max, java.util.function.BooleanSupplier ok) throws Exception {
    long end = System.nanoTime() + max.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + max);
      }
      Thread.sleep(200);
    }
  }
}
