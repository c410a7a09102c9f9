package dev.botwatch.exporter;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.exporter.config.ExporterConfig;
import dev.botwatch.exporter.http.ExporterServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real exporter on a free loopback port, started on the fixture config (fixture/exporter.yml)
 * with every source fed: this JVM as the bot process, a log file, config/data files, http and tcp
 * probe targets, and the fixture events and state pushed over HTTP. Shared by the whole-/metrics
 * tests.
 */
public final class FedExporter implements AutoCloseable {
  public static final long FIXED_MTIME = 1767225000L;

  private final Path tmp;
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer probeTarget;
  private final ServerSocket tcpTarget;
  private final ExporterServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  public FedExporter(Path tmp) throws Exception {
    this.tmp = tmp;
    probeTarget = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    probeTarget.createContext(
        "/ping",
        ex -> {
          byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    probeTarget.start();
    tcpTarget = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    writeFiles();
    String yaml =
        resource("fixture/exporter.yml")
            .replace("${TMP}", tmp.toString())
            .replace("${HTTP_PORT}", String.valueOf(probeTarget.getAddress().getPort()))
            .replace("${TCP_PORT}", String.valueOf(tcpTarget.getLocalPort()))
            .replace("${CLOSED_PORT}", String.valueOf(closedPort));
    ExporterConfig cfg = YamlConfig.parse(yaml, ExporterConfig.class, "fixture/exporter.yml");
    Exporter exporter = new Exporter(cfg);
    server = ExporterServer.start(vertx, cfg, exporter).await(20, TimeUnit.SECONDS);
    await("the exporter's first collection round")
        .atMost(Duration.ofSeconds(15))
        .until(exporter::ready);
    send("POST", "/api/v1/events", "application/x-ndjson", resource("fixture/events.ndjson"));
    send("PUT", "/api/v1/bots/paper/state", "application/json", resource("fixture/state.json"));
  }

  private void writeFiles() throws IOException {
    Files.writeString(tmp.resolve("paper.pid"), ProcessHandle.current().pid() + "\n");
    Path log = tmp.resolve("paper.log");
    Files.writeString(
        log,
        """
        2026-01-01 00:00:00,000 - bot - INFO - started
        2026-01-01 00:00:01,000 - bot - WARNING - slow exchange
        2026-01-01 00:00:02,000 - bot - ERROR - order rejected
        2026-01-01 00:00:03,000 - bot - INFO - got ERROR from exchange, retrying
        plain line without a level
        """);
    Files.writeString(tmp.resolve("config.json"), "{\"exchange\": {\"name\": \"binance\"}}");
    Files.writeString(tmp.resolve("broken.json"), "{\"exchange\": ");
    Path candles = tmp.resolve("candles.csv");
    Files.writeString(candles, "t,o,h,l,c\n");
    for (Path p : new Path[] {log, candles}) {
      Files.setLastModifiedTime(
          p, FileTime.from(Duration.ofSeconds(FIXED_MTIME).toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  public int port() {
    return server.port();
  }

  public Path tmp() {
    return tmp;
  }

  public HttpResponse<String> send(String method, String path, String type, String body)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", type)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  /** {@code /metrics} in Prometheus text 0.0.4. */
  public String metrics() throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static String resource(String name) {
    try (InputStream in = FedExporter.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    server.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    probeTarget.stop(0);
    tcpTarget.close();
  }
}
