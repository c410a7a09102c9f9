package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real promtool (2.42) checks every rule file and runs every unit test file. */
class PromtoolTest {
  static Stream<Path> ruleFiles() {
    return Thresholds.PROFILES.stream()
        .flatMap(p -> Tools.ymlFiles(Path.of("prometheus/rules", p)).stream());
  }

  static Stream<Path> testFiles() {
    return Thresholds.PROFILES.stream()
        .flatMap(p -> Tools.ymlFiles(Path.of("prometheus/tests", p)).stream());
  }

  @ParameterizedTest
  @MethodSource("ruleFiles")
  void checkRules(Path file) {
    Tools.Result r = Tools.run(file.getParent(), "promtool", "check", "rules", file.toString());
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @ParameterizedTest
  @MethodSource("testFiles")
  void unitTests(Path file) {
    Tools.Result r =
        Tools.run(file.getParent(), "promtool", "test", "rules", file.getFileName().toString());
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS").doesNotContain("FAILED");
  }

  @ParameterizedTest
  @MethodSource("dev.botwatch.rules.PromtoolTest#profiles")
  void prometheusConfigLoadsEachProfile(String profile) throws Exception {
    // bin/stack and compose select the profile by rewriting rules/production/ (see prometheus.yml).
    Path dir = java.nio.file.Files.createTempDirectory("botwatch-prom");
    String cfg =
        Tools.read(Path.of("prometheus/prometheus.yml"))
            .replace("rules/production/", Tools.ROOT.resolve("prometheus/rules/" + profile) + "/");
    java.nio.file.Files.writeString(dir.resolve("prometheus.yml"), cfg);
    Tools.Result r = Tools.run(dir, "promtool", "check", "config", "prometheus.yml");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS").contains("rules found");
  }

  static Stream<String> profiles() {
    return Thresholds.PROFILES.stream();
  }
}
