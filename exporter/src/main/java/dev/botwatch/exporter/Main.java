package dev.botwatch.exporter;

import dev.botwatch.common.Launcher;
import dev.botwatch.exporter.config.ExporterConfig;
import dev.botwatch.exporter.http.ExporterServer;

/**
 * {@code java -jar botwatch-exporter.jar --config exporter.yml [--check-config]}; the JVM flags to
 * run it with are bin/lib.sh's {@code JVM_FLAGS} (exporter/bench/README.md has the figures).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Launcher.exitIfDone(run(args));
  }

  /** The exit code, or -1 while the server runs. */
  static int run(String[] args) {
    return Launcher.main(
        "botwatch-exporter",
        args,
        ExporterConfig.class,
        (vertx, cfg) -> ExporterServer.start(vertx, cfg, new Exporter(cfg)),
        new ExporterWarmUp());
  }
}
