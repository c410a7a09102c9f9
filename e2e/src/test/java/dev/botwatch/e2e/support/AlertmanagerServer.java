package dev.botwatch.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Debian Alertmanager (0.25) on a free loopback port, single node (clustering off, so it never
 * listens on 0.0.0.0:9094), with its own config and storage; stopped by PID.
 */
public final class AlertmanagerServer implements AutoCloseable {
  private final ManagedProcess process;
  private final int port;

  private AlertmanagerServer(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static AlertmanagerServer start(Path workDir, String configYaml) {
    Path bin = Binaries.require("prometheus-alertmanager");
    int port = Ports.free();
    try {
      Files.createDirectories(workDir);
      Files.writeString(workDir.resolve("alertmanager.yml"), configYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ManagedProcess p =
        ManagedProcess.start(
            "alertmanager",
            List.of(
                bin.toString(),
                "--config.file=" + workDir.resolve("alertmanager.yml"),
                "--storage.path=" + workDir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=debug"),
            workDir);
    AlertmanagerServer server = new AlertmanagerServer(p, port);
    try {
      Await.until(
          Duration.ofSeconds(30),
          "alertmanager ready",
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

  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** Alerts Alertmanager currently holds (API v2). */
  public JsonNode alerts() {
    return Http.get(url() + "/api/v2/alerts").json();
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
