package dev.botwatch.demobot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code main} in a child JVM, as bin/ and the e2e tests run it: the ready line, the pid
 * file, exit status 1 from the {@code exit} fault (what BotProcessDown and the hard playbook need),
 * and exit status 2 for a bad config.
 */
class MainProcessTest {
  static final Pattern READY =
      Pattern.compile("demo-bot listening on http://127\\.0\\.0\\.1:(\\d+) \\(ready in \\d+ ms\\)");

  @TempDir Path dir;

  Process start(String yaml) throws Exception {
    Path config = dir.resolve("demo-bot.yml");
    Files.writeString(config, yaml);
    return new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--config",
                config.toString()))
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
  }

  @Test
  void theExitFaultEndsTheProcessWithStatusOne() throws Exception {
    Process p =
        start(
            """
            server: {port: 0}
            tick: 100ms
            exporter: {url: "http://127.0.0.1:9"}
            files: {pid: "%s", log: "%s"}
            """
                .formatted(dir.resolve("bot.pid"), dir.resolve("bot.log")));
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).matches(READY);
      Matcher m = READY.matcher(line);
      assertThat(m.matches()).isTrue();
      int port = Integer.parseInt(m.group(1));
      assertThat(Files.readString(dir.resolve("bot.pid")).strip())
          .isEqualTo(String.valueOf(p.pid()));

      HttpResponse<String> r =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/faults/exit"))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      long t0 = System.nanoTime();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exited").isTrue();
      // Promptly: the shutdown hook must not hang on the server it is closing.
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
      assertThat(p.exitValue()).isEqualTo(1);
      assertThat(Files.readString(dir.resolve("bot.log"))).contains("fault injected: exit");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aBadConfigExitsTwoNamingEveryError() throws Exception {
    Process p = start("tick: 0s\ntrading: {api_calls_per_tick: 0}\n");
    try {
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(2);
      assertThat(dir.resolve("stderr.txt"))
          .content()
          .contains("tick must be > 0", "trading.api_calls_per_tick must be 1-100");
    } finally {
      p.destroyForcibly();
    }
  }
}
