package dev.botwatch.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.cli.Option;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Help, version and usage errors, with their exit codes and where they are printed. */
class CliTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  PrintStream oldOut;
  PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  Cli cli() {
    return new Cli("tool", "Does one thing.")
        .option(Option.builder("c").longOpt("config").hasArg().argName("FILE").desc("cfg").get())
        .hidden(Option.builder().longOpt("secret-mode").desc("for scripts").get());
  }

  @Test
  void optionsAreParsedAndHiddenOnesAccepted() {
    Cli.Parsed p = cli().parse("tool", new String[] {"--config", "a.yml", "--secret-mode"});
    assertThat(p.done()).isFalse();
    assertThat(p.line().getOptionValue("config")).isEqualTo("a.yml");
    assertThat(p.line().hasOption("secret-mode")).isTrue();
    assertThat(cli().parse("tool", new String[] {"-c", "b.yml"}).line().getOptionValue("config"))
        .isEqualTo("b.yml");
  }

  @Test
  void helpAndVersionGoToStdoutAndEndWith0() {
    Cli.Parsed help = cli().parse("tool", new String[] {"--help"});
    assertThat(help.done()).isTrue();
    assertThat(help.exit()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("usage:  tool", "Does one thing.", "--config <FILE>", "--version")
        .doesNotContain("secret-mode");
    out.reset();
    assertThat(cli().parse("tool", new String[] {"-V"}).exit()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("botwatch ");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void usageErrorsNameTheProblemOnStderrAndEndWith2() {
    for (String[] args :
        new String[][] {
          {"--bogus"}, {"--conf", "a.yml"}, {"--config"}, {"--config", "a.yml", "stray"}
        }) {
      err.reset();
      Cli.Parsed p = cli().parse("tool", args);
      assertThat(p.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .as(String.join(" ", args))
          .startsWith("tool: ")
          .contains("usage:  tool");
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unexpected argument(s): stray");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
