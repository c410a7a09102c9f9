package dev.botwatch.responder.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.responder.Payloads;
import dev.botwatch.responder.model.Incident;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warning and its critical twin are one episode: one ladder, each rung once, one recovered
 * notice. Alertmanager delivers them as it does with the shipped routes: each severity in its own
 * notification, the warning hidden (inhibited) while the critical fires.
 */
class SeverityTwinsTest {
  static final String CONFIG =
      """
      limits: {cooldown: 0s, verify_window: 5m}
      bots:
        paper: {control: {base_url: "http://127.0.0.1:1"}, restart: {argv: [restart-paper]}}
      """;
  static final String RECOVERED = "[botwatch] RECOVERED: BotApiErrorRateHigh on paper";

  @TempDir Path dir;
  Fixture f;

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  /** One alert of BotApiErrorRateHigh on paper; {@code ago}: how long before T0 it started. */
  static JsonObject alert(String status, String severity, Duration ago) {
    String fp = "critical".equals(severity) ? "00000000000000c1" : "00000000000000a1";
    return Payloads.alert(
        status,
        fp,
        Fixture.T0.minus(ago).toString(),
        Map.of(
            "alertname", "BotApiErrorRateHigh",
            "bot", "paper",
            "api", "exchange",
            "severity", severity,
            "recovery", "soft"));
  }

  void post(String status, JsonObject... alerts) {
    f.post(Payloads.notification(status, alerts));
  }

  @Test
  void aWarningDeliveredAfterItsCriticalResolvedRunsNothingMore() {
    f = new Fixture(dir, CONFIG);
    post("firing", alert("firing", "critical", Duration.ofMinutes(1)));
    assertThat(f.actions.calls()).containsExactly("paper:reset-connections");
    f.advance(Duration.ofMinutes(4));
    post("resolved", alert("resolved", "critical", Duration.ofMinutes(1)));
    assertThat(f.notices()).containsExactly(RECOVERED);
    // The warning fired all along (inhibited): now delivered for the first time, and again at
    // its repeat. Neither runs the playbook a second time: the rung that ran gets a fresh window.
    f.advance(Duration.ofSeconds(30));
    post("firing", alert("firing", "warning", Duration.ofMinutes(2)));
    f.advance(Duration.ofMinutes(2));
    post("firing", alert("firing", "warning", Duration.ofMinutes(2)));
    assertThat(f.actions.calls()).containsExactly("paper:reset-connections");
    assertThat(f.store.openIncidents()).hasSize(1);
    post("resolved", alert("resolved", "warning", Duration.ofMinutes(2)));
    assertThat(f.store.openIncidents()).isEmpty();
    assertThat(f.notices()).containsExactly(RECOVERED);
    assertThat(f.actions.calls()).containsExactly("paper:reset-connections");
  }

  @Test
  void aWarningThatStillFiresAfterTheFreshWindowClimbsTheSameLadder() {
    f = new Fixture(dir, CONFIG);
    post("firing", alert("firing", "critical", Duration.ofMinutes(1)));
    f.advance(Duration.ofMinutes(4));
    post("resolved", alert("resolved", "critical", Duration.ofMinutes(1)));
    f.advance(Duration.ofSeconds(30));
    post("firing", alert("firing", "warning", Duration.ofMinutes(2)));
    // The repair did not hold at the warning's level: past the fresh window, the next rung.
    f.advance(Duration.ofMinutes(5));
    post("firing", alert("firing", "warning", Duration.ofMinutes(2)));
    assertThat(f.actions.calls())
        .containsExactly("paper:reset-connections", "paper:restart-component");
  }

  @Test
  void aWarningFirstThenItsCriticalIsOneLadder() {
    f = new Fixture(dir, CONFIG);
    post("firing", alert("firing", "warning", Duration.ZERO));
    assertThat(f.actions.calls()).containsExactly("paper:reset-connections");
    f.advance(Duration.ofMinutes(1));
    post("firing", alert("firing", "critical", Duration.ofMinutes(-1)));
    assertThat(f.actions.calls()).hasSize(1); // soft's verify window is still running
    f.advance(Duration.ofMinutes(4));
    post("firing", alert("firing", "critical", Duration.ofMinutes(-1)));
    assertThat(f.actions.calls()).last().isEqualTo("paper:restart-component");
    f.advance(Duration.ofMinutes(1));
    post("firing", alert("firing", "warning", Duration.ZERO)); // medium's window: nothing
    f.advance(Duration.ofMinutes(5));
    post("firing", alert("firing", "critical", Duration.ofMinutes(-1)));
    assertThat(f.actions.calls())
        .containsExactly("paper:reset-connections", "paper:restart-component", "paper:restart");
    assertThat(f.store.openIncidents()).hasSize(1);
  }

  @Test
  void bothSeveritiesResolvedSayRecoveredOnce() {
    f = new Fixture(dir, CONFIG);
    post("firing", alert("firing", "warning", Duration.ZERO));
    f.advance(Duration.ofMinutes(1));
    post("firing", alert("firing", "critical", Duration.ofMinutes(-1)));
    f.advance(Duration.ofMinutes(2));
    post("resolved", alert("resolved", "critical", Duration.ofMinutes(-1)));
    assertThat(f.store.openIncidents()).isEmpty();
    f.advance(Duration.ofMinutes(1));
    post("resolved", alert("resolved", "warning", Duration.ZERO));
    // A late firing copy of the critical (an Alertmanager HA twin) is stale: no reopening.
    post("firing", alert("firing", "critical", Duration.ofMinutes(-1)));
    assertThat(f.store.openIncidents()).isEmpty();
    assertThat(f.notices()).containsExactly(RECOVERED);
    assertThat(f.actions.calls()).containsExactly("paper:reset-connections");
  }

  @Test
  void aResolveDeliveredWithItsFiringTwinKeepsTheEpisodeOpen() {
    f = new Fixture(dir, CONFIG);
    post("firing", alert("firing", "critical", Duration.ofMinutes(1)));
    f.advance(Duration.ofMinutes(3));
    // Routes that group both severities deliver them in one notification.
    post(
        "firing",
        alert("resolved", "critical", Duration.ofMinutes(1)),
        alert("firing", "warning", Duration.ofMinutes(2)));
    assertThat(f.store.openIncidents()).hasSize(1);
    assertThat(f.notices()).isEmpty();
    f.advance(Duration.ofMinutes(1));
    post("resolved", alert("resolved", "warning", Duration.ofMinutes(2)));
    assertThat(f.store.openIncidents()).isEmpty();
    assertThat(f.notices()).containsExactly(RECOVERED);
    assertThat(f.actions.calls()).containsExactly("paper:reset-connections");
  }

  @Test
  void aTwinThatStartsAfterTheEpisodeEndedIsANewFault() {
    f = new Fixture(dir, CONFIG);
    post("firing", alert("firing", "critical", Duration.ofMinutes(1)));
    f.advance(Duration.ofMinutes(2));
    post("resolved", alert("resolved", "critical", Duration.ofMinutes(1)));
    f.advance(Duration.ofMinutes(10));
    post("firing", alert("firing", "warning", Duration.ofMinutes(-11)));
    assertThat(f.actions.calls())
        .containsExactly("paper:reset-connections", "paper:reset-connections");
  }

  @Test
  void severitiesMappedToDifferentPlaybooksStayApart() {
    f =
        new Fixture(
            dir,
            CONFIG
                + "overrides:\n"
                + "  - {match: {alertname: BotApiErrorRateHigh, severity: critical},"
                + " playbook: hard}\n");
    post("firing", alert("firing", "warning", Duration.ZERO));
    post("firing", alert("firing", "critical", Duration.ZERO));
    assertThat(f.actions.calls()).containsExactly("paper:reset-connections", "paper:restart");
    assertThat(f.store.openIncidents()).extracting(Incident::playbook).contains("soft", "hard");
  }

  @Test
  void aTwinJoinsTheEpisodeAcrossARestart() {
    f = new Fixture(dir, CONFIG);
    post("firing", alert("firing", "warning", Duration.ZERO));
    f.advance(Duration.ofMinutes(1));
    Fixture before = f;
    before.close();
    f = new Fixture(dir, CONFIG, before);
    post("firing", alert("firing", "critical", Duration.ofMinutes(-1)));
    assertThat(f.actions.calls()).isEmpty();
    assertThat(f.store.openIncidents()).hasSize(1);
    assertThat(f.store.openIncidents().get(0).startsAt()).isEqualTo(Fixture.T0.toString());
  }

  @Test
  void twinsDifferOnlyInSeverity() {
    Map<String, String> w = Map.of("alertname", "A", "bot", "p", "severity", "warning");
    assertThat(Episodes.twins(w, Map.of("alertname", "A", "bot", "p", "severity", "critical")))
        .isTrue();
    assertThat(
            Episodes.twins(
                w, Map.of("alertname", "A", "bot", "p", "severity", "critical", "api", "x")))
        .isFalse();
    assertThat(Episodes.twins(w, Map.of("alertname", "A", "bot", "q", "severity", "critical")))
        .isFalse();
    assertThat(Episodes.twins(w, w)).isFalse(); // one alert, not a twin
  }
}
