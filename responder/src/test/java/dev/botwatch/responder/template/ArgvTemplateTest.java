package dev.botwatch.responder.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.common.config.Problems;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArgvTemplateTest {
  static final ArgvTemplate ARGV =
      new ArgvTemplate(List.of("systemctl", "restart", "bot-{{bot}}@{{component}}.service"));

  static List<String> render(String component) throws Refusal {
    return ARGV.render(Map.of("bot", "paper", "component", component)::get);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"scanner", "order_executor", "v1.2", "a:b,c=d+e@f-g", "0", "_x"})
  void plainWordsStayOneArgument(String value) throws Refusal {
    assertThat(render(value))
        .containsExactly("systemctl", "restart", "bot-paper@" + value + ".service");
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("", "it is empty"),
        Arguments.of("-rf", "read it as an option"),
        Arguments.of("--help", "read it as an option"),
        Arguments.of("+x", "read it as an option"),
        Arguments.of("..", "contains '..'"),
        Arguments.of("a..b", "contains '..'"),
        Arguments.of("../etc", "contains '..'"),
        Arguments.of("a/b", "outside A-Z a-z 0-9"),
        Arguments.of("a b", "outside A-Z a-z 0-9"),
        Arguments.of("$(id)", "outside A-Z a-z 0-9"),
        Arguments.of("*", "outside A-Z a-z 0-9"),
        Arguments.of("~root", "outside A-Z a-z 0-9"),
        Arguments.of("é", "outside A-Z a-z 0-9"),
        Arguments.of(".hidden", "outside A-Z a-z 0-9"),
        Arguments.of("a\u0000b", "control character U+0000"),
        Arguments.of("a\nb", "control character U+000A"),
        Arguments.of("x".repeat(ArgvTemplate.MAX_VALUE_CHARS + 1), "longer than 256"));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource
  void refused(String value, String why) {
    assertThatThrownBy(() -> render(value))
        .isInstanceOf(Refusal.class)
        .hasMessageStartingWith("label component=")
        .hasMessageContaining("cannot be used in a command argument: ")
        .hasMessageContaining(why);
  }

  @Test
  void theProgramIsNeverTemplatedAndPlaceholdersMustBeWellFormed() {
    Problems p = new Problems();
    ArgvTemplate.validate(
        List.of("/srv/{{bot}}/restart", "x", "{{ a b }}"), "bots.p.restart.argv", p);
    assertThat(p.errors())
        .containsExactly(
            "bots.p.restart.argv[0] must not use templates: a label never chooses the program",
            "bots.p.restart.argv[2] has '{{' at position 0 that opens no placeholder (write"
                + " {{label_name}}: letters, digits, _)");
  }
}
