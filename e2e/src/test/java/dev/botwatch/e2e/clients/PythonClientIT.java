package dev.botwatch.e2e.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.e2e.support.Binaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python tests of the bot client (clients/python) and of the reference bot
 * (examples/python-bot) inside the build: {@code python3 -m unittest} against the exporter jar this
 * build made. No python3 is a failure, never a skip: bin/test installs it.
 */
class PythonClientIT {
  @TempDir Path dir;

  @Test
  void clientTestsPassAgainstTheRealExporter() throws Exception {
    assertUnittestsPass("clients/python/tests", 10);
  }

  @Test
  void referenceBotTestsPass() throws Exception {
    assertUnittestsPass("examples/python-bot/tests", 3);
  }

  private void assertUnittestsPass(String testDir, int atLeast)
      throws IOException, InterruptedException {
    Path python = Binaries.require("python3", "python3");
    Path out = dir.resolve("unittest.out");
    ProcessBuilder pb =
        new ProcessBuilder(python.toString(), "-m", "unittest", "discover", "-s", testDir, "-v")
            .directory(Binaries.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put("BOTWATCH_EXPORTER_JAR", Binaries.jar("botwatch-exporter").toString());
    pb.environment()
        .put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("python3 -m unittest did not finish in 180 s:\n" + read(out));
    }
    String output = read(out);
    assertThat(p.exitValue()).as(output).isZero();
    Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(output);
    assertThat(ran.find()).as(output).isTrue();
    assertThat(Integer.parseInt(ran.group(1))).as(output).isGreaterThanOrEqualTo(atLeast);
    assertThat(output).as("nothing may be skipped").doesNotContain("skipped");
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p) : "";
  }
}
