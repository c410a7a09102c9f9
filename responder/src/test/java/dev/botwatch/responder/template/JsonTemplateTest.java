package dev.botwatch.responder.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.botwatch.common.config.Problems;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTemplateTest {
  static final JsonTemplate MEDIUM = JsonTemplate.parse("{\"component\": \"{{component}}\"}");

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "scanner",
        "",
        "a\", \"admin\": true, \"x\": \"",
        "\"}",
        "back\\slash\\\"",
        "line\r\nbreak",
        "nul\u0000",
        "{{bot}}",
        "é ☃ 😀",
      })
  void aLabelIsAlwaysExactlyOneStringValue(String value) throws Exception {
    String text = MEDIUM.renderText(Map.of("component", value)::get);

    JsonNode sent = new ObjectMapper().readTree(text);
    assertThat(sent.size()).isEqualTo(1);
    assertThat(sent.get("component").isTextual()).isTrue();
    assertThat(sent.get("component").textValue()).isEqualTo(value);
  }

  @Test
  void nestedArraysMixedTextAndOtherValuesKeepTheirShape() throws Exception {
    JsonTemplate t =
        JsonTemplate.parse(
            "{\"a\": [\"{{bot}}/{{c}}\", 1, true, null], \"b\": {\"n\": 2.5, \"s\": \"x{{c}}y\"}}");
    JsonNode out = t.render(Map.of("bot", "paper", "c", "\"q\"")::get);
    assertThat(out)
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    "{\"a\": [\"paper/\\\"q\\\"\", 1, true, null],"
                        + " \"b\": {\"n\": 2.5, \"s\": \"x\\\"q\\\"y\"}}"));
  }

  @Test
  void aLoneSurrogateIsRefused() {
    assertThatThrownBy(() -> MEDIUM.render(Map.of("component", "a\uDC00")::get))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("cannot be used in a JSON body")
        .hasMessageContaining("not valid Unicode");
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "'{\"component\": {{component}}}' | is not JSON (line 1 | a placeholder may stand only"
            + " inside a JSON string, e.g. \"{{component}}\"",
        "'{\"a\": 1'                       | is not JSON (line 1 | )",
        "'{\"a\": 1} x'                    | is not JSON (line 1 | )",
        "''                               | is not JSON (it is empty) | ''",
        "'{\"{{k}}\": 1}'                  | uses a placeholder in the key \"{{k}}\" | only inside"
            + " JSON string values",
        "'{\"a\": \"{{ k-1 }}\"}'          | string \"{{ k-1 }}\" has '{{' at position 0 | opens"
            + " no placeholder",
      })
  void bodiesAreCheckedAsJsonTemplates(String body, String start, String rest) {
    Problems p = new Problems();
    JsonTemplate.validate(body, "playbooks.medium.steps[0].body", p);
    assertThat(p.errors())
        .singleElement()
        .asString()
        .startsWith("playbooks.medium.steps[0].body " + start)
        .contains(rest);
  }
}
