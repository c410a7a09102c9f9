package dev.botwatch.e2e.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real child process with its output in a log file (kept for the report when a test fails),
 * started, waited for and stopped. Closing stops it (SIGTERM, then SIGKILL after 5 s).
 */
public final class ManagedProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static ManagedProcess start(String name, List<String> command, Path workDir) {
    try {
      Files.createDirectories(workDir);
      Path log = workDir.resolve(name + ".log");
      Process p =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new ManagedProcess(name, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Waits for a line of output matching {@code regex}; returns the match. Fails if it exits. */
  public Matcher awaitLine(String regex, Duration timeout) {
    Pattern pattern = Pattern.compile(regex);
    Matcher[] found = new Matcher[1];
    try {
      await(name + " to print /" + regex + "/")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                Matcher m = pattern.matcher(output());
                if (m.find()) {
                  found[0] = m;
                  return true;
                }
                if (!process.isAlive()) {
                  throw new AssertionError(
                      name
                          + " exited with "
                          + process.exitValue()
                          + " before printing /"
                          + regex
                          + "/:\n"
                          + tail());
                }
                return false;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          name + " did not print /" + regex + "/ within " + timeout + ":\n" + tail(), e);
    }
    return found[0];
  }

  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  public String tail() {
    String out = output();
    return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + process.pid() + ")";
  }
}
