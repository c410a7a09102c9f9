package dev.botwatch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class YamlConfigTest {
  record Inner(Duration timeout, Integer retries) implements Validatable {
    @Override
    public void validate(String path, Problems p) {
      p.positive(timeout, path + ".timeout");
      p.require(retries == null || retries >= 0, path + ".retries", "must be >= 0");
    }
  }

  record Top(String name, Map<String, Inner> bots, List<String> tags) implements Validatable {
    @Override
    public void validate(String path, Problems p) {
      p.notBlank(name, "name");
      if (bots != null) {
        bots.forEach((k, v) -> v.validate("bots." + k, p));
      }
    }
  }

  @Test
  void loadsSnakeCaseWithDurationsAndEnvironment() {
    Top t =
        YamlConfig.parse(
            "name: ${BOT_NAME:-fallback}\nbots:\n  paper: {timeout: 250ms, retries: 2}\n",
            Top.class,
            "t.yml",
            Map.of());
    assertThat(t.name()).isEqualTo("fallback");
    assertThat(t.bots().get("paper").timeout()).isEqualTo(Duration.ofMillis(250));
    Top env =
        YamlConfig.parse("name: ${BOT_NAME}\n", Top.class, "t.yml", Map.of("BOT_NAME", "live"));
    assertThat(env.name()).isEqualTo("live");
  }

  @Test
  void listsEveryValidationErrorByPath() {
    assertThatThrownBy(
            () ->
                YamlConfig.parse(
                    "name: ''\nbots:\n  a: {timeout: 0s}\n  b: {timeout: 1s, retries: -1}\n",
                    Top.class,
                    "t.yml",
                    Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactlyInAnyOrder(
                        "t.yml: name must be set",
                        "t.yml: bots.a.timeout must be > 0",
                        "t.yml: bots.b.retries must be >= 0"));
  }

  static Stream<Arguments> parseErrors() {
    return Stream.of(
        Arguments.of("name: x\nbotz: {}", "botz is not a known key"),
        Arguments.of("name: x\nbots: {a: {timeout: soon}}", "bots.a.timeout"),
        Arguments.of("name: x\nbots: {a: {retries: many}}", "bots.a.retries"),
        Arguments.of("name: ${UNSET_VAR}", "${UNSET_VAR} is not set"),
        Arguments.of("[1, 2", "t.yml"));
  }

  @ParameterizedTest
  @MethodSource("parseErrors")
  void namesThePathOfAParseError(String yaml, String expected) {
    assertThatThrownBy(() -> YamlConfig.parse(yaml, Top.class, "t.yml", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void secretNeverShowsItsValue() {
    Secret s = new Secret(null, "TOKEN");
    assertThat(s.resolve(Map.of("TOKEN", "s3cret"))).isEqualTo("s3cret");
    assertThat(s.toString()).doesNotContain("s3cret");
    assertThatThrownBy(() -> s.resolve(Map.of())).hasMessageNotContaining("s3cret");
  }
}
