package dev.botwatch.responder.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.testing.GoldenFiles;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden texts: each message is compared with {@code src/test/resources/notify/<name>.txt}. After
 * an intended change, regenerate with {@code -Dbotwatch.golden.update=true} and review the diff.
 */
class MessagesTest {
  static final Path GOLDEN = Path.of("src/test/resources/notify");
  static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

  static final AlertInfo BOT_DOWN =
      new AlertInfo(
          "BotDown",
          "paper",
          "critical",
          Map.of(
              "alertname", "BotDown", "bot", "paper", "severity", "critical", "recovery", "hard"),
          Map.of(
              "summary", "Bot paper is down",
              "description", "No heartbeat from paper for 2 minutes.",
              "runbook_url", "https://runbooks.example/botwatch#botdown"),
          T0);

  static final AlertInfo NO_RUNBOOK =
      new AlertInfo(
          "StaleData",
          "live",
          "warning",
          Map.of("alertname", "StaleData", "bot", "live", "severity", "warning"),
          Map.of("summary", "Prices are stale"),
          T0);

  static final List<StepReport> LADDER =
      List.of(
          StepReport.of(
              "soft",
              "http",
              Outcome.retryable("POST 127.0.0.1:9330/control/reset-connections answered 500"),
              T0.plusSeconds(30)),
          StepReport.of(
              "medium",
              "http",
              Outcome.permanent("POST 127.0.0.1:9330/control/restart-component answered 404"),
              T0.plusSeconds(360)),
          StepReport.of(
              "hard",
              "command",
              Outcome.permanent("exit 1 after 40 ms; stderr: Unit bot-paper.service not found."),
              T0.plusSeconds(720)),
          new StepReport(
              "hard",
              "command",
              "rate_limited",
              "3 process restarts in the last hour",
              T0.plusSeconds(900)));

  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of(
            "manual_intervention",
            Messages.manualIntervention(
                BOT_DOWN, LADDER, "the escalation ladder is exhausted (soft, medium, hard)")),
        Arguments.of(
            "manual_intervention_no_steps_no_runbook",
            Messages.manualIntervention(
                NO_RUNBOOK, List.of(), "recovery cap reached (5 actions per bot per hour)")),
        Arguments.of(
            "recovered",
            Messages.recovered(
                BOT_DOWN,
                T0.plusSeconds(750),
                List.of(
                    LADDER.get(0),
                    StepReport.of(
                        "medium", "http", Outcome.success("answered 200"), T0.plusSeconds(360))))),
        Arguments.of(
            "recovered_without_steps",
            Messages.recovered(NO_RUNBOOK, T0.plusSeconds(3725), List.of())),
        Arguments.of(
            "emergency_stop",
            Messages.emergencyStop(
                "paper",
                "alert DailyLossLimit (critical)",
                List.of(
                    StepReport.of("stop_entries", "http", Outcome.success("answered 200"), T0),
                    StepReport.of(
                        "cancel_orders",
                        "http",
                        Outcome.success("answered 200"),
                        T0.plusSeconds(1)),
                    StepReport.of(
                        "emergency_mode",
                        "http",
                        Outcome.success("answered 200"),
                        T0.plusSeconds(2))),
                "http://127.0.0.1:9320/")),
        Arguments.of(
            "emergency_stop_failed_step",
            Messages.emergencyStop(
                "paper",
                "manual request",
                List.of(
                    StepReport.of("stop_entries", "http", Outcome.success("answered 200"), T0),
                    StepReport.of(
                        "cancel_orders",
                        "http",
                        Outcome.retryable("POST 127.0.0.1:9330/control/cancel-orders timed out"),
                        T0.plusSeconds(5)),
                    StepReport.of(
                        "liquidate",
                        "http",
                        Outcome.skipped("liquidation disabled for paper"),
                        T0.plusSeconds(5))),
                "http://127.0.0.1:9320")),
        Arguments.of(
            "emergency_failed",
            Messages.emergencyFailed(
                BOT_DOWN,
                List.of(
                    StepReport.of(
                        "freqtrade_emergency_stop/stop_entries",
                        "freqtrade",
                        Outcome.success("POST /api/v1/pause -> 200, state paused"),
                        T0),
                    StepReport.of(
                        "freqtrade_emergency_stop/stop",
                        "freqtrade",
                        Outcome.retryable("POST /api/v1/stop -> 503 (after 4 attempts, gave up)"),
                        T0.plusSeconds(30))),
                "the step that stops the bot, stop (freqtrade), ended failure: POST /api/v1/stop"
                    + " -> 503")),
        Arguments.of(
            "digest",
            Messages.digest(
                "paper",
                List.of(
                    new Messages.DigestEntry(
                        "needs you",
                        BOT_DOWN,
                        "max_actions_per_hour (5) reached for paper",
                        LADDER),
                    new Messages.DigestEntry(
                        "needs you",
                        NO_RUNBOOK,
                        "max_actions_per_hour (5) reached for paper",
                        List.of())),
                11,
                12,
                Duration.ofMinutes(5),
                12)),
        Arguments.of(
            "watchdog_missing",
            Messages.watchdogMissing(
                T0.plusSeconds(60), T0, Duration.ofMinutes(10), T0.plusSeconds(60 + 600 + 30))),
        Arguments.of(
            "watchdog_never_seen",
            Messages.watchdogMissing(null, T0, Duration.ofMinutes(10), T0.plusSeconds(600))),
        Arguments.of(
            "watchdog_restored",
            Messages.watchdogRestored(
                T0.plusSeconds(60), T0.plusSeconds(660), T0.plusSeconds(60 + 1800))),
        Arguments.of(
            "alert",
            Messages.alert(
                new ActionContext(
                    "paper", BOT_DOWN.labels(), BOT_DOWN.annotations(), T0.plusSeconds(60)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void matchesGoldenText(String name, Notice notice) {
    GoldenFiles.assertMatches(
        GOLDEN.resolve(name + ".txt"), "Subject: " + notice.subject() + "\n\n" + notice.body());
  }

  @Test
  void manualInterventionListsEveryStepWithItsOutcomeAndDetail() {
    Notice n = Messages.manualIntervention(BOT_DOWN, LADDER, "ladder exhausted");

    for (StepReport s : LADDER) {
      assertThat(n.body())
          .contains(s.at() + "  " + s.step() + " (" + s.action() + "): " + s.outcome());
      assertThat(n.body()).contains(s.detail());
    }
    assertThat(n.body()).contains("Steps tried (4):", "https://runbooks.example/botwatch#botdown");
  }

  @Test
  void recoveredNamesTheLastSuccessfulStep() {
    Notice n =
        Messages.recovered(
            BOT_DOWN,
            T0.plusSeconds(90),
            List.of(
                StepReport.of("soft", "http", Outcome.success("ok"), T0.plusSeconds(10)),
                StepReport.of("medium", "http", Outcome.success("ok"), T0.plusSeconds(20)),
                StepReport.of("hard", "command", Outcome.permanent("exit 1"), T0.plusSeconds(30))));

    assertThat(n.body()).contains("What fixed it: most likely step medium (http)");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("durations")
  void humanDurations(Duration d, String text) {
    assertThat(Messages.human(d)).isEqualTo(text);
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of(Duration.ofMillis(250), "250ms"),
        Arguments.of(Duration.ofSeconds(45), "45s"),
        Arguments.of(Duration.ofSeconds(750), "12m 30s"),
        Arguments.of(Duration.ofSeconds(3725), "1h 2m 5s"),
        Arguments.of(Duration.ofHours(26), "1d 2h"),
        Arguments.of(Duration.ofSeconds(-60), "-1m"));
  }
}
