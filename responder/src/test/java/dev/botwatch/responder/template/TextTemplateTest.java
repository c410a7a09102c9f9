package dev.botwatch.responder.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TextTemplateTest {
  @Test
  void valuesBecomeOneHarmlessLine() {
    TextTemplate t = new TextTemplate("[botwatch] {{alertname}} on {{bot}}\nsee {{x}}");
    String out =
        t.render(
            Map.of(
                    "alertname",
                    "BotDown\r\nBcc: evil@example.test",
                    "bot",
                    "paper",
                    "x",
                    "a\u0000b\tc\u2028d\u202Ee\uD800")
                ::get);
    assertThat(out)
        .isEqualTo("[botwatch] BotDown  Bcc: evil@example.test on paper\nsee a b c d e\uFFFD");
  }

  @Test
  void aLongValueIsCutWithoutSplittingASurrogatePair() {
    String v = TextTemplate.value("x".repeat(TextTemplate.MAX_VALUE_CHARS - 2) + "😀😀");
    assertThat(v).hasSize(TextTemplate.MAX_VALUE_CHARS - 1).endsWith("x…");
    assertThat(TextTemplate.value("short")).isEqualTo("short");
  }

  @Test
  void oneLineKeepsPrintableUnicode() {
    assertThat(TextTemplate.oneLine("é ☃ 😀 \"q\" \\")).isEqualTo("é ☃ 😀 \"q\" \\");
  }
}
