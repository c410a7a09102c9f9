package dev.botwatch.responder.action.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.config.Secret;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.config.CommandConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandActionTest {
  static final ActionContext CTX =
      new ActionContext(
          "paper", Map.of("component", "scanner"), Map.of(), Instant.now().plusSeconds(60));

  @TempDir Path dir;

  static CommandAction command(Duration timeout, String... argv) {
    return new CommandAction(new CommandConfig(List.of(argv), timeout, null, null, null, null));
  }

  @Test
  void exitZeroIsSuccess() {
    CommandAction a = command(Duration.ofSeconds(5), "/bin/true");

    Outcome o = a.attempt(CTX);

    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(o.detail()).matches("exit 0 after \\d+ ms");
    assertThat(a.kind()).isEqualTo("command");
    assertThat(a.target()).isEqualTo("command:/bin/true");
  }

  @ParameterizedTest(name = "exit 1 with retry_on_exit_codes {0} -> retryable={1}")
  @CsvSource({"'', false", "'1', true", "'75', false"})
  void nonZeroExitIsPermanentUnlessListed(String codes, boolean retryable) {
    Set<Integer> retryOn = codes.isEmpty() ? Set.of() : Set.of(Integer.parseInt(codes));
    CommandAction a =
        new CommandAction(
            new CommandConfig(
                List.of("/bin/false"), Duration.ofSeconds(5), null, null, null, retryOn));

    Outcome o = a.attempt(CTX);

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).isEqualTo(retryable);
    assertThat(o.detail()).startsWith("exit 1 after ");
  }

  @Test
  void timeoutKillsTheProcessAndIsRetryable() {
    long t0 = System.nanoTime();

    Outcome o = command(Duration.ofMillis(200), "sleep", "10").attempt(CTX);

    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(o.retryable()).isTrue();
    assertThat(o.detail()).isEqualTo("timed out after 200 ms; terminated (SIGTERM)");
    assertThat(took).isBetween(Duration.ofMillis(200), Duration.ofSeconds(4));
  }

  @Test
  void theExecutorsDeadlineCutsTheTimeout() {
    ActionContext soon =
        new ActionContext("paper", Map.of(), Map.of(), Instant.now().plusMillis(300));
    long t0 = System.nanoTime();

    Outcome o = command(Duration.ofSeconds(30), "sleep", "10").attempt(soon);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    assertThat(o.retryable()).isTrue();
    assertThat(o.detail())
        .matches("timed out after \\d+ ms \\(the executor's deadline\\); terminated \\(SIGTERM\\)");
  }

  @Test
  void processThatIgnoresSigtermIsKilled() {
    long t0 = System.nanoTime();
    // The shell traps TERM; only SIGKILL after the grace period ends it. Bounded by `sleep 20`.
    Outcome o =
        command(
                Duration.ofMillis(300),
                "/bin/sh",
                "-c",
                "trap '' TERM; echo started; i=0; while [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done")
            .attempt(CTX);

    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(o.retryable()).isTrue();
    assertThat(o.detail()).startsWith("timed out after 300 ms; killed (SIGKILL); stdout: started");
    assertThat(took).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void argvIsPassedLiterallyNeverThroughAShell() throws IOException {
    Path marker = dir.resolve("pwned");
    String configured = "x; touch " + marker + " $(touch " + marker + ") | cat";

    Outcome o =
        command(Duration.ofSeconds(5), "/bin/echo", configured, "{{component}}", "&&", "*")
            .attempt(CTX);

    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(o.detail()).endsWith("stdout: " + configured + " scanner && *");
    assertThat(marker).doesNotExist();
  }

  @Test
  void aLabelWithShellSyntaxIsRefusedAndNothingRuns() {
    Path marker = dir.resolve("pwned");
    String evil = "x; touch " + marker + " $(touch " + marker + ") `touch " + marker + "` | cat";
    ActionContext ctx =
        new ActionContext("paper", Map.of("component", evil), Map.of(), Instant.now());
    CommandAction a = command(Duration.ofSeconds(5), "/bin/touch", "{{component}}");

    Outcome o = a.attempt(ctx);

    assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
    assertThat(o.retryable()).isFalse();
    assertThat(o.detail())
        .startsWith("refused: label component=\"x; touch ")
        .contains("cannot be used in a command argument")
        .endsWith("; /bin/touch was not run");
    assertThat(a.refusal(ctx)).isEqualTo(o);
    assertThat(a.describe(ctx)).startsWith("run [/bin/touch, {{component}}] (refused: label");
    assertThat(marker).doesNotExist();
  }

  @Test
  void stderrAndExitCodeAreReported() {
    Outcome o =
        command(Duration.ofSeconds(5), "/bin/sh", "-c", "echo to-out; echo to-err >&2; exit 3")
            .attempt(CTX);

    assertThat(o.retryable()).isFalse();
    assertThat(o.detail()).matches("exit 3 after \\d+ ms; stdout: to-out; stderr: to-err");
  }

  @Test
  void outputIsBoundedToItsTail() {
    Outcome o =
        command(
                Duration.ofSeconds(10),
                "/bin/sh",
                "-c",
                "i=0; while [ $i -lt 3000 ]; do echo line-$i; i=$((i+1)); done")
            .attempt(CTX);

    assertThat(o.ok()).isTrue();
    assertThat(o.detail()).contains("line-2999").doesNotContain("line-0\n").contains("stdout: …");
    assertThat(o.detail().length()).isLessThan(CommandAction.TAIL_BYTES + 100);
  }

  @Test
  void workingDirEnvAndSecretEnvReachTheChildButTheSecretIsMasked() throws IOException {
    String token = "tok-" + System.nanoTime();
    Path secretFile = Files.writeString(dir.resolve("token"), token + "\n");
    CommandAction a =
        new CommandAction(
            new CommandConfig(
                List.of("/bin/sh", "-c", "pwd; echo \"$GREETING $BOT_TOKEN\""),
                Duration.ofSeconds(5),
                dir.toString(),
                Map.of("GREETING", "hello"),
                Map.of("BOT_TOKEN", new Secret(secretFile.toString(), null)),
                null));

    Outcome o = a.attempt(CTX);

    assertThat(o.ok()).as(o.detail()).isTrue();
    assertThat(o.detail()).contains(dir.toRealPath().toString()).contains("hello ***");
    assertThat(o.detail()).doesNotContain(token);
    assertThat(a.describe(CTX))
        .isEqualTo(
            "run [/bin/sh, -c, pwd; echo \"$GREETING $BOT_TOKEN\"] in "
                + dir
                + " with env BOT_TOKEN, GREETING (timeout 5000 ms)")
        .doesNotContain(token);
  }

  @Test
  void theChildInheritsOnlyHarmlessVariables() {
    Outcome o =
        new CommandAction(
                new CommandConfig(
                    List.of("/usr/bin/env"),
                    Duration.ofSeconds(5),
                    null,
                    Map.of("ADDED", "1"),
                    null,
                    null))
            .attempt(CTX);

    assertThat(o.ok()).isTrue();
    assertThat(o.detail()).contains("ADDED=1");
    assertThat(System.getenv().keySet()).as("the test JVM has variables to withhold").isNotEmpty();
    for (String name : System.getenv().keySet()) {
      if (!CommandAction.INHERITED_ENV.contains(name)) {
        assertThat(o.detail()).doesNotContain("\n" + name + "=").doesNotContain(": " + name + "=");
      }
    }
    if (System.getenv("PATH") != null) {
      assertThat(o.detail()).contains("PATH=" + System.getenv("PATH"));
    }
  }

  @Test
  void aSecretCutByTheOutputBoundIsMaskedToo() throws IOException {
    String token = "tok-1234567890";
    Path secretFile = Files.writeString(dir.resolve("token"), token);
    // 14 + 2040 + 1 bytes: the kept tail (2048) starts 7 bytes into the token.
    CommandAction a =
        new CommandAction(
            new CommandConfig(
                List.of(
                    "/bin/sh",
                    "-c",
                    "printf '%s' \"$T\"; head -c 2040 /dev/zero | tr '\\0' Y; echo"),
                Duration.ofSeconds(5),
                null,
                null,
                Map.of("T", new Secret(secretFile.toString(), null)),
                null));

    Outcome o = a.attempt(CTX);

    assertThat(o.ok()).as(o.detail()).isTrue();
    assertThat(o.detail()).contains("stdout: …***YYY").doesNotContain("890");
  }

  @Test
  void argvIsTemplatedFromTheAlert() {
    CommandAction a = command(Duration.ofSeconds(5), "/bin/echo", "bot-{{bot}}", "{{component}}");

    assertThat(a.describe(CTX)).isEqualTo("run [/bin/echo, bot-paper, scanner] (timeout 5000 ms)");
    assertThat(a.attempt(CTX).detail()).endsWith("stdout: bot-paper scanner");
  }

  @Test
  void missingProgramIsPermanent() {
    Outcome o = command(Duration.ofSeconds(5), "/nonexistent/botctl", "restart").attempt(CTX);

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).isFalse();
    assertThat(o.detail()).startsWith("cannot start /nonexistent/botctl");
  }
}
