package dev.botwatch.responder.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionContextTest {
  final ActionContext ctx =
      new ActionContext(
          "paper",
          Map.of("component", "scanner", "alertname", "BotComponentDown"),
          Map.of(),
          Instant.EPOCH);

  @Test
  void rendersBotAndLabels() {
    assertThat(ctx.render("{\"component\": \"{{component}}\", \"bot\": \"{{ bot }}\"}"))
        .isEqualTo("{\"component\": \"scanner\", \"bot\": \"paper\"}");
  }

  @Test
  void aLabelTheAlertDoesNotCarryBecomesEmptyNotTemplateSyntax() {
    ActionContext noComponent = new ActionContext("paper", Map.of(), Map.of(), Instant.EPOCH);
    assertThat(noComponent.render("{\"component\": \"{{component}}\"}"))
        .isEqualTo("{\"component\": \"\"}");
  }

  @Test
  void labelValuesAreInsertedLiterallyNeverReinterpreted() {
    ActionContext odd =
        new ActionContext("paper", Map.of("component", "$1 {{bot}} \\"), Map.of(), Instant.EPOCH);
    assertThat(odd.render("x={{component}}")).isEqualTo("x=$1 {{bot}} \\");
  }
}
