package dev.botwatch.responder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The responder as a real child JVM ({@code java -cp <test classpath> ...Main --config}), its
 * stdout and stderr captured line by line for the log scan.
 */
final class ChildProcess implements AutoCloseable {
  private static final Pattern READY =
      Pattern.compile(
          "responder listening on http://127\\.0\\.0\\.1:(\\d+) \\(ready in \\d+ ms\\)");

  final Process process;
  final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  ChildProcess(Path config) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.botwatch.responder.Main",
                "--config",
                config.toString())
            .redirectErrorStream(true);
    process = pb.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  output.add(line);
                  Matcher m = READY.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (IOException e) {
                // the process died; output so far is kept
              }
              port.completeExceptionally(new IllegalStateException("exited: " + output));
            },
            "child-output");
    reader.setDaemon(true);
    reader.start();
  }

  int awaitPort() throws Exception {
    return port.get(60, TimeUnit.SECONDS);
  }

  /** SIGKILL: no shutdown hook, no clean close of the store. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill9();
      }
    }
  }
}
