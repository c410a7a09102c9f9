package dev.botwatch.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.e2e.support.Binaries;
import dev.botwatch.e2e.support.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/stack as a person meets it when something is off: flags it does not know, a port already
 * taken, a fresh config directory of one's own. Every failure names what failed and what to do, in
 * plain text (no escape codes), and exits non-zero. The loop itself is proven by the loop tests.
 */
class BinStackIT {
  @TempDir Path dir;

  record Run(int exit, String output) {}

  Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Binaries.root().resolve("bin/stack").toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/stack " + String.join(" ", args) + " hung");
    }
    String text = Files.readString(out);
    assertThat(text).as("no escape codes").doesNotContain("\u001b");
    return new Run(p.exitValue(), text);
  }

  @Test
  void withoutArgumentsItListsCommandsFlagsAndVariables() throws Exception {
    Run r = run(Map.of());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.output())
        .contains("bin/stack up [FLAGS]", "--config-dir DIR", "--no-demo", "BOTWATCH_MAIL=0");
    Run bad = run(Map.of(), "up", "--demo-please");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.output())
        .contains("error: unknown flag of bin/stack up: --demo-please", "what to do:");
  }

  /** bin/stack and bin/test build and test through lib.sh's maven(): plain text out. */
  @Test
  void mavenAsTheScriptsRunItPrintsNoEscapeCodes() throws Exception {
    Path out = dir.resolve("maven.txt");
    Process p =
        new ProcessBuilder(
                "bash", "-c", ". bin/lib.sh && maven -o -N validate && maven -q -o -N validate")
            .directory(Binaries.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String text = Files.readString(out);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("BUILD SUCCESS").doesNotContain("\u001b");
  }

  @Test
  void aTakenPortStopsUpWithWhatFailedAndWhatToDoAndAFreshConfigDirGetsTheOneBotTemplate()
      throws Exception {
    Binaries.require("prometheus");
    Path config = dir.resolve("my-botwatch");
    Path runDir = dir.resolve("run");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Map<String, String> env =
          Map.ofEntries(
              Map.entry("BOTWATCH_RUN_DIR", runDir.toString()),
              Map.entry("BOTWATCH_NO_BUILD", "1"),
              Map.entry("BOTWATCH_EXPORTER_PORT", "" + taken.getLocalPort()),
              Map.entry("BOTWATCH_RESPONDER_PORT", "" + Ports.free()),
              Map.entry("BOTWATCH_DEMO_BOT_PORT", "" + Ports.free()),
              Map.entry("BOTWATCH_PROMETHEUS_PORT", "" + Ports.free()),
              Map.entry("BOTWATCH_ALERTMANAGER_PORT", "" + Ports.free()),
              Map.entry("BOTWATCH_SMTP_PORT", "" + Ports.free()),
              Map.entry("BOTWATCH_MAIL_API_PORT", "" + Ports.free()));
      try {
        Run r = run(env, "up", "--config-dir", config.toString(), "--no-demo");
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output())
            .contains("error: exporter", "did not start", "what to do:", "BOTWATCH_<NAME>_PORT")
            .contains("created " + config.resolve("exporter.yml"));
        for (String f : List.of("exporter.yml", "responder.yml")) {
          assertThat(config.resolve(f))
              .hasSameTextualContentAs(
                  Binaries.root().resolve("examples/python-bot/botwatch").resolve(f));
        }
        assertThat(config.resolve("demo-bot.yml")).as("the demo is off").doesNotExist();
        assertThat(Files.readString(runDir.resolve("stack.env")))
            .contains("BOTWATCH_CONFIG_DIR=" + config.toRealPath(), "BOTWATCH_DEMO=0")
            .doesNotContain("TOKEN");
      } finally {
        Run down = run(env, "down");
        assertThat(down.exit()).as(down.output()).isZero();
      }
    }
  }
}
