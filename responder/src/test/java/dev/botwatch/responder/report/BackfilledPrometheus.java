package dev.botwatch.responder.report;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the Debian binary) on a free loopback port whose storage holds history written
 * by {@code promtool tsdb create-blocks-from openmetrics}: a day of samples that a live scrape
 * could only give in a day. Missing binaries fail the test, they never skip it.
 */
final class BackfilledPrometheus implements AutoCloseable {
  final String url;
  private final Process process;

  private BackfilledPrometheus(String url, Process process) {
    this.url = url;
    this.process = process;
  }

  /** {@code openMetrics}: the history, ending with {@code # EOF}. */
  static BackfilledPrometheus start(Path dir, String openMetrics) throws Exception {
    String prometheus = require("prometheus");
    String promtool = require("promtool");
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path input = dir.resolve("history.om");
    Files.writeString(input, openMetrics);
    Process backfill =
        new ProcessBuilder(
                promtool,
                "tsdb",
                "create-blocks-from",
                "openmetrics",
                "-q",
                input.toString(),
                data.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("promtool.log").toFile())
            .start();
    if (!backfill.waitFor(120, TimeUnit.SECONDS) || backfill.exitValue() != 0) {
      backfill.destroyForcibly();
      throw new AssertionError(
          "promtool backfill failed: " + Files.readString(dir.resolve("promtool.log")));
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global: {scrape_interval: 15s, evaluation_interval: 15s}\n");
    int port = freePort();
    Process p =
        new ProcessBuilder(
                prometheus,
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=30d",
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    BackfilledPrometheus prom = new BackfilledPrometheus("http://127.0.0.1:" + port, p);
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(prom.url + "/-/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return prom;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!p.isAlive() || Instant.now().isAfter(deadline)) {
        prom.close();
        throw new AssertionError(
            "prometheus did not become ready: " + Files.readString(dir.resolve("prometheus.log")));
      }
      Thread.sleep(100);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String require(String name) {
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    throw new AssertionError(
        name + " not found: install it with `apt-get install -y prometheus` (bin/test does this)");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
