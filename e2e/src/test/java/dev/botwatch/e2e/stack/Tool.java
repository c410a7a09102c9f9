package dev.botwatch.e2e.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool (docker-compose, promtool, amtool, systemd-analyze, bash) to the end
 * with a clean, explicit environment and a deadline. A missing tool fails the test with the Debian
 * package to install: these checks must never pass by not running.
 */
final class Tool {
  record Result(int exit, String output) {}

  private Tool() {}

  static Path require(String name, String debianPackage) {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name);
      }
    }
    throw new AssertionError(
        name + " not found: install it with `apt-get install -y " + debianPackage + "`");
  }

  /** {@code promtool check <what> <file>} (Debian's prometheus package), run in {@code dir}. */
  static Result promtoolCheck(Path dir, String what, Path file) {
    return run(
        dir,
        Map.of(),
        List.of(require("promtool", "prometheus").toString(), "check", what, file.toString()));
  }

  /** Runs {@code command} in {@code dir} with only PATH, HOME and {@code env} set. */
  static Result run(Path dir, Map<String, String> env, List<String> command) {
    try {
      Path out = Files.createTempFile("botwatch-tool", ".out");
      ProcessBuilder pb =
          new ProcessBuilder(new ArrayList<>(command))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      // Nothing from the caller's shell (COMPOSE_PROFILES, BOTWATCH_PROFILE, a stray token) may
      // change what the files under test say.
      pb.environment().clear();
      pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish within 60 s");
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
      return new Result(p.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
