package dev.botwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path tmp;

  @Test
  void aBadConfigExits2ListingEveryError() throws Exception {
    Path cfg = tmp.resolve("bad.yml");
    Files.writeString(cfg, "server: {port: -1}\ningest: {max_bots: 0}\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(new String[] {"--config", cfg.toString()});
    } finally {
      System.setErr(old);
    }
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("server.port must be a port number")
        .contains("ingest.max_bots must be > 0");
  }

  @Test
  void checkConfigAcceptsTheFixtureShapedConfig() throws Exception {
    Path cfg = tmp.resolve("ok.yml");
    Files.writeString(
        cfg,
        "server: {port: 0}\nbots:\n  paper:\n    sources:\n      logs: [{path: /var/log/paper.log}]\n");
    assertThat(Main.run(new String[] {"--config", cfg.toString(), "--check-config"})).isZero();
  }
}
