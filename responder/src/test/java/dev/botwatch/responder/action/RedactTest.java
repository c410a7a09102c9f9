package dev.botwatch.responder.action;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactTest {
  @ParameterizedTest(name = "''{0}'' without ''{1}'' -> ''{2}''")
  @CsvSource({
    "a hunter2 b hunter2, hunter2, a *** b ***",
    "nothing here, hunter2, nothing here",
    "x, '', x",
  })
  void secret(String text, String secret, String expected) {
    assertThat(Redact.secret(text, secret)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' cut from ''{1}'' -> ''{2}''")
  @CsvSource({
    "nter2 rest, hunter2, *** rest",
    "2 rest, hunter2, *** rest",
    "rest, hunter2, rest",
    "hunter2 rest, hunter2, hunter2 rest", // whole secrets are Redact.secret's job
  })
  void cutSecret(String text, String secret, String expected) {
    assertThat(Redact.cutSecret(text, secret)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} chars bounded to {1}")
  @CsvSource({"abc, 3, abc", "abcd, 3, abc…"})
  void bounded(String text, int max, String expected) {
    assertThat(Redact.bounded(text, max)).isEqualTo(expected);
  }
}
