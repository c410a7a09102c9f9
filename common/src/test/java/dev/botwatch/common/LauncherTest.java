package dev.botwatch.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LauncherTest {
  record Empty(String name) implements Validatable {
    @Override
    public void validate(String path, Problems p) {}
  }

  @Test
  void readyTimeCountsFromTheProcessStartNotFromTheCall() {
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    Duration since = Launcher.sinceProcessStart(System.nanoTime());
    // The process start is read in clock ticks (10 ms); the JVM's uptime starts a little later.
    assertThat(since).isGreaterThanOrEqualTo(Duration.ofMillis(uptime - 20));
  }

  @Test
  void withoutConfigOrWarmUpTheExitCodeIs2WithAReason() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int noConfig;
    int noWarmUp;
    try {
      noConfig =
          Launcher.main(
              "t", new String[0], Empty.class, (v, c) -> Future.failedFuture("never started"));
      noWarmUp =
          Launcher.main(
              "t",
              new String[] {"--warm-up"},
              Empty.class,
              (v, c) -> Future.failedFuture("never started"));
    } finally {
      System.setErr(old);
    }
    assertThat(noConfig).isEqualTo(2);
    assertThat(noWarmUp).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("t: --config is required")
        .contains("t: has no --warm-up");
  }
}
