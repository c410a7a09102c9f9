package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Generation refuses an alert that asks for a recovery but carries no {@code bot} label. */
class ActionableTest {
  @ParameterizedTest(name = "recovery {0}, labels {1} -> generates: {2}")
  @CsvSource({
    "hard, instance, false",
    "soft, instance, false",
    "emergency_stop, collector, false",
    "medium, '', false",
    "none, instance, true",
    "none, '', true",
    "hard, bot, true",
    "refresh_data, bot source, true",
  })
  void recoveryNeedsBot(String recovery, String labels, boolean generates) {
    AlertSpec spec =
        Catalog.a("TestAlert", "host")
            .recovery(recovery)
            .kind(Kind.RATIO)
            .level("warning", Cmp.GT, (th, p) -> 0.5, "some_ratio > %T%")
            .text("s", "d")
            .subject(labels.isBlank() ? new String[0] : labels.split(" "));
    List<AlertSpec> alerts = new ArrayList<>(Catalog.alerts());
    alerts.add(spec);
    if (generates) {
      Actionable.check(alerts);
      assertThat(Actionable.outputLabels(spec)).containsExactlyElementsOf(words(labels));
    } else {
      assertThatThrownBy(() -> Generator.outputs(Tools.ROOT, alerts))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("TestAlert: recovery '" + recovery + "' needs the label 'bot'")
          .hasMessageContaining("its labels are " + words(labels));
    }
  }

  @ParameterizedTest(name = "a fixed {0} label counts")
  @CsvSource({"bot, true", "component, false"})
  void fixedLabelsCount(String fixed, boolean generates) {
    AlertSpec spec =
        Catalog.a("TestAlert", "host")
            .recovery("soft")
            .when("critical", "vector(1)")
            .text("s", "d")
            .subject()
            .fixed(fixed, "x");
    if (generates) {
      Actionable.check(List.of(spec));
    } else {
      assertThatThrownBy(() -> Actionable.check(List.of(spec)))
          .hasMessageContaining("needs the label 'bot'");
    }
  }

  private static List<String> words(String s) {
    return s.isBlank() ? List.of() : List.of(s.split(" "));
  }
}
