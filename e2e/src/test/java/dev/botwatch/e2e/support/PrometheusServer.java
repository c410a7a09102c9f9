package dev.botwatch.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Debian Prometheus on a free loopback port with its own config and storage, started and
 * stopped by PID. Scrape and evaluation intervals are short so a loop fits in a test.
 */
public final class PrometheusServer implements AutoCloseable {
  private final ManagedProcess process;
  private final int port;

  private PrometheusServer(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * @param jobs job name → target (host:port)
   * @param alertmanager host:port or null
   */
  public static PrometheusServer start(
      Path workDir,
      Duration interval,
      Map<String, String> jobs,
      List<Path> ruleFiles,
      String alertmanager) {
    Path bin = Binaries.require("prometheus");
    int port = Ports.free();
    StringBuilder y = new StringBuilder();
    long s = Math.max(1, interval.toSeconds());
    y.append("global:\n  scrape_interval: ")
        .append(s)
        .append("s\n  evaluation_interval: ")
        .append(s)
        .append("s\n");
    y.append("rule_files:\n");
    for (Path r : ruleFiles) {
      y.append("  - '").append(r.toAbsolutePath()).append("'\n");
    }
    if (alertmanager != null) {
      y.append("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['")
          .append(alertmanager)
          .append("']\n");
    }
    y.append("scrape_configs:\n");
    jobs.forEach(
        (job, target) ->
            y.append("  - job_name: '")
                .append(job)
                .append("'\n    static_configs:\n      - targets: ['")
                .append(target)
                .append("']\n"));
    try {
      Files.createDirectories(workDir);
      Files.writeString(workDir.resolve("prometheus.yml"), y.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ManagedProcess p =
        ManagedProcess.start(
            "prometheus",
            List.of(
                bin.toString(),
                "--config.file=" + workDir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + workDir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port,
                "--rules.alert.resend-delay=1s",
                "--log.level=info"),
            workDir);
    PrometheusServer server = new PrometheusServer(p, port);
    try {
      Await.until(
          Duration.ofSeconds(30),
          "prometheus ready",
          () -> Http.get(server.url() + "/-/ready").status() == 200);
    } catch (AssertionError e) {
      p.close();
      throw new AssertionError(e.getMessage() + "\n" + p.tail(), e);
    }
    return server;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public JsonNode query(String promql) {
    return new Prom(url()).query(promql);
  }

  public List<JsonNode> alerts(String alertname, String state) {
    return new Prom(url()).alerts(alertname, state);
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
