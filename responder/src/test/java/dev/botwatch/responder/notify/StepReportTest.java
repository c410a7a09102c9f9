package dev.botwatch.responder.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.responder.action.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** For notices a refused step is a step that did not succeed, like a failure. */
class StepReportTest {
  static final Instant AT = Instant.parse("2026-11-22T08:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "success, false",
    "dry_run, false",
    "skipped, false",
    "failure, true",
    "refused, true",
  })
  void refusedCountsAsFailed(String status, boolean failed) {
    StepReport s = new StepReport("emergency_stop/stop-trading", "http", status, "d", AT);
    assertThat(s.failed()).isEqualTo(failed);
    String subject = Messages.emergencyStop("paper", "alert X", List.of(s), "http://h:1").subject();
    assertThat(subject.endsWith("(some steps FAILED)")).isEqualTo(failed);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"refused", "failure"})
  void fromAnOutcome(String status) {
    Outcome o = status.equals("refused") ? Outcome.refused("label x") : Outcome.permanent("exit 1");
    StepReport s = StepReport.of("soft/x", "http", o, AT);
    assertThat(s.failed()).isTrue();
    assertThat(s.outcome()).startsWith(status);
  }
}
