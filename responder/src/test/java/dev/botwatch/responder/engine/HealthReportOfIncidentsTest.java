package dev.botwatch.responder.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.responder.Payloads;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.report.HealthReport;
import dev.botwatch.responder.report.HealthReport.BotReport;
import dev.botwatch.responder.report.HealthReport.IncidentLine;
import dev.botwatch.responder.report.ReportBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's account of what the responder did, from incidents the engine really handled: how
 * each ended (by which step, a person, still open, a resume), the actions with their outcomes, the
 * emergency stop and the resume.
 */
class HealthReportOfIncidentsTest {
  static final String CONFIG =
      """
      limits: {cooldown: 0s, verify_window: 1m}
      bots:
        paper: {control: {base_url: "http://127.0.0.1:1"}, restart: {argv: [restart-paper]}}
      """;

  @TempDir Path dir;
  Fixture f;

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void eachIncidentSaysHowItEnded() {
    f = new Fixture(dir, CONFIG);
    // Repaired by the first rung.
    f.post(Payloads.firing("paper", "soft", "00000000000000a1"));
    f.post(Payloads.resolved("paper", "soft", "00000000000000a1"));
    // Nothing helps: the ladder climbs to a person, and the incident stays open.
    f.actions.always("restart-component", Outcome.permanent("500"));
    f.actions.always("restart", Outcome.permanent("exit 1"));
    f.post(Payloads.firing("paper", "medium", "00000000000000b1"));
    for (int i = 0; i < 3; i++) {
      f.advance(Duration.ofMinutes(1));
      f.post(Payloads.firing("paper", "medium", "00000000000000b1"));
    }
    // A person's emergency stop, then resume.
    assertThat(f.engine.emergency().stop("paper", "manual: exchange outage")).isTrue();
    f.workers.runAll();
    var resumed = f.engine.emergency().resume("paper");
    f.workers.runAll();
    assertThat(resumed.join().ok()).isTrue();
    f.advance(Duration.ofSeconds(1)); // the report covers up to, not including, its end

    HealthReport r =
        new ReportBuilder(f.config, f.store, null, f.clock)
            .build(Fixture.T0.minus(Duration.ofHours(24)), f.clock.instant());
    assertThat(r.prometheus().available()).isFalse();
    BotReport paper = r.bots().get(0);
    assertThat(paper.bot()).isEqualTo("paper");
    assertThat(paper.uptimeRatio()).isNull();
    List<IncidentLine> inc =
        paper.incidents().stream().sorted(Comparator.comparingLong(IncidentLine::id)).toList();
    assertThat(inc).extracting(IncidentLine::ended).containsExactly("resolved", "open", "resumed");
    assertThat(inc.get(0).resolvedBy()).isEqualTo("soft/reset-connections");
    assertThat(inc.get(0).summary()).isEqualTo("resolved after soft/reset-connections succeeded");
    assertThat(inc.get(1).summary()).isEqualTo("still open, ladder at hard, waiting for a person");
    assertThat(inc.get(1).steps())
        .extracting(HealthReport.StepLine::step)
        .containsExactly("restart-component", "restart", "manual-intervention");
    assertThat(inc.get(2).resolvedBy()).isEqualTo("resume");

    // soft's step and three emergency steps; liquidation is off for paper; two failed rungs.
    assertThat(paper.actions().byOutcome())
        .containsExactlyInAnyOrderEntriesOf(Map.of("success", 4, "skipped", 1, "failure", 2));
    // Recovered and emergency went out; the manual-intervention notice waits for the grouping
    // window that the recovered notice opened, and is not counted until it is sent.
    assertThat(paper.actions().noticesSent()).isEqualTo(2);
    assertThat(paper.emergencyStops()).hasSize(1);
    assertThat(paper.emergencyStops().get(0).reason()).isEqualTo("manual: exchange outage");
    assertThat(paper.emergencyStops().get(0).outcome()).startsWith("stopped (emergency-mode");
    assertThat(paper.resumes())
        .extracting(HealthReport.ResumeLine::outcome)
        .containsExactly("success");
    assertThat(paper.emergencyLatchedNow()).isFalse();
  }
}
