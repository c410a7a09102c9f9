package dev.botwatch.rules;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager 0.25 (Debian) with prometheus/alertmanager.yml, on loopback ports, whose
 * responder webhook points at a {@link Capture} server. Closing stops it (SIGTERM, then SIGKILL).
 */
final class LiveAlertmanager implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  final String name;
  final String base;
  final Path dir;
  private final Process process;

  private LiveAlertmanager(String name, String base, Path dir, Process process) {
    this.name = name;
    this.base = base;
    this.dir = dir;
    this.process = process;
  }

  /**
   * Starts one node in {@code dir} (config, data and log). {@code cluster} are the {@code
   * --cluster.*} flags; {@code --cluster.listen-address=} alone makes a single node.
   */
  static LiveAlertmanager start(String name, Path dir, Capture responder, List<String> cluster)
      throws IOException {
    Files.createDirectories(dir.resolve("secrets"));
    Files.copy(
        Tools.ROOT.resolve("prometheus/secrets/webhook_token"),
        dir.resolve("secrets/webhook_token"));
    String cfg =
        Tools.read(Path.of("prometheus/alertmanager.yml"))
            .replace("http://127.0.0.1:9320/alerts", responder.url())
            .replace("127.0.0.1:9325", "127.0.0.1:" + freePort());
    Files.writeString(dir.resolve("alertmanager.yml"), cfg);
    int port = freePort();
    List<String> argv =
        new ArrayList<>(
            List.of(
                Tools.require("prometheus-alertmanager"),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port));
    argv.addAll(cluster);
    Process p =
        new ProcessBuilder(argv)
            .directory(Path.of("/").toFile()) // relative paths must resolve against the config
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    LiveAlertmanager am = new LiveAlertmanager(name, "http://127.0.0.1:" + port, dir, p);
    await(name + " ready").atMost(Duration.ofSeconds(20)).until(() -> am.get("/-/ready") == 200);
    return am;
  }

  /** POSTs alerts (a JSON array of {labels: ...}) to the v2 API; fails unless 200. */
  void post(String alerts) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alerts))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError(name + " refused the alerts: " + r.statusCode() + " " + r.body());
    }
  }

  /** GET /api/v2/status, or null while it does not answer. */
  JsonNode status() {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v2/status")).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (Exception e) {
      return null;
    }
  }

  int get(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(base + path)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  String log() {
    try {
      return Files.readString(dir.resolve("alertmanager.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGKILL: the node vanishes without leaving the cluster, as in a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The responder's stand-in: records every webhook (Authorization header and body). */
  static final class Capture implements AutoCloseable {
    record Received(String authorization, JsonNode body) {
      /** alertname/severity of each alert in the notification. */
      List<String> alerts() {
        return body.path("alerts").findValues("labels").stream()
            .map(l -> l.path("alertname").asText() + "/" + l.path("severity").asText())
            .toList();
      }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    Capture() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/alerts",
          ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(
                new Received(
                    ex.getRequestHeaders().getFirst("Authorization"), JSON.readTree(body)));
            ex.sendResponseHeaders(200, -1);
            ex.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    /** How many notifications named this alertname. */
    long count(String alertname) {
      return received.stream()
          .filter(r -> r.alerts().stream().anyMatch(a -> a.startsWith(alertname + "/")))
          .count();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
