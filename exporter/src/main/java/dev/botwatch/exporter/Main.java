package dev.botwatch.exporter;

import dev.botwatch.common.Launcher;
import dev.botwatch.exporter.config.ExporterConfig;
import dev.botwatch.exporter.http.ExporterServer;

/** {@code java -jar botwatch-exporter.jar --config exporter.yml}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Launcher.exitIfDone(
        Launcher.main(
            "botwatch-exporter",
            args,
            ExporterConfig.class,
            (vertx, cfg) -> ExporterServer.start(vertx, cfg, new Exporter(cfg))));
  }
}
