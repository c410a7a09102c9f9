package dev.botwatch.responder.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionContextTest {
  final ActionContext ctx =
      new ActionContext(
          "paper",
          Map.of("component", "scanner", "bot", "other", "alertname", "BotComponentDown"),
          Map.of(),
          Instant.EPOCH);

  @Test
  void botIsTheBotActedOnNotALabel() {
    assertThat(ctx.label("bot")).isEqualTo("paper");
    assertThat(ctx.label("component")).isEqualTo("scanner");
  }

  @Test
  void aLabelTheAlertDoesNotCarryIsEmptyNotTemplateSyntax() {
    assertThat(ctx.label("missing")).isEmpty();
  }
}
