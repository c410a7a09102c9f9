package dev.botwatch.responder.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.responder.Payloads;
import dev.botwatch.responder.model.Recheck;
import dev.botwatch.responder.store.Store;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step a cooldown held back runs when the cooldown ends, without waiting for Alertmanager's next
 * repeat; one re-check per incident, one timer per bot, one transaction per wake, nothing written
 * as a notification, and a restart keeps them.
 */
class CooldownRechecksTest {
  static final String CONFIG =
      """
      limits: {cooldown: 5m, verify_window: 1h, max_actions_per_hour: 100}
      bots:
        paper: {control: {base_url: "http://127.0.0.1:1"}}
        live: {control: {base_url: "http://127.0.0.1:1"}}
      """;

  @TempDir Path dir;
  Fixture f;

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aHeldBackStepRunsTheMomentTheCooldownEnds() {
    f = new Fixture(dir, CONFIG);
    f.post(Payloads.firing("paper", "soft", "00000000000000a1"));
    f.post(Payloads.firing("paper", "medium", "00000000000000b2"));
    assertThat(f.actions.calls()).containsExactly("paper:reset-connections");
    assertThat(f.store.rechecks())
        .singleElement()
        .extracting(Recheck::due)
        .isEqualTo(Fixture.T0.plus(Duration.ofMinutes(5)));
    f.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(f.actions.calls()).hasSize(1);
    f.advance(Duration.ofMillis(1));
    assertThat(f.actions.calls())
        .containsExactly("paper:reset-connections", "paper:restart-component");
    assertThat(f.store.rechecks()).isEmpty();
    assertThat(f.store.countNotifications()).isEqualTo(2); // the two posts, nothing synthetic
    assertThat(f.scheduler.pending()).isZero();
  }

  @Test
  void aHeldBackStepThatResolvesDuringTheCooldownNeverRuns() {
    f = new Fixture(dir, CONFIG);
    f.post(Payloads.firing("paper", "soft", "00000000000000a1"));
    f.post(Payloads.firing("paper", "medium", "00000000000000b2"));
    f.post(Payloads.resolved("paper", "medium", "00000000000000b2"));
    assertThat(f.store.rechecks()).isEmpty();
    f.advance(Duration.ofMinutes(10));
    assertThat(f.actions.calls()).containsExactly("paper:reset-connections");
  }

  @Test
  void aStormOfHeldBackAlertsCostsOneRowPerIncidentAndOneTransactionPerWake() {
    f = new Fixture(dir, CONFIG);
    f.post(Payloads.firing("paper", "soft", "00000000000000a1"));
    // 200 incidents, each repeated 5 times by Alertmanager while the cooldown runs.
    for (int repeat = 0; repeat < 5; repeat++) {
      f.post(storm("paper", 200));
    }
    f.post(storm("live", 1)); // another bot: no cooldown there, it runs at once
    assertThat(f.actions.calls()).contains("live:reset-connections");
    assertThat(f.store.rechecks()).hasSize(200);
    assertThat(f.scheduler.pending()).isEqualTo(1); // paper's one timer
    Store.WriteStats before = f.store.writeStats();
    long notifications = f.store.countNotifications();
    f.advance(Duration.ofMinutes(5));
    // The first due incident ran; the other 199 moved to the end of the new cooldown, all in the
    // one transaction of paper's wake (the run itself writes its claim and its outcome).
    assertThat(f.actions.calls()).filteredOn(c -> c.startsWith("paper:")).hasSize(2);
    assertThat(f.store.rechecks()).hasSize(199);
    assertThat(f.store.rechecks())
        .extracting(Recheck::due)
        .containsOnly(Fixture.T0.plus(Duration.ofMinutes(10)));
    assertThat(f.store.writeStats().units() - before.units()).isEqualTo(1 + 2);
    assertThat(f.store.countNotifications()).isEqualTo(notifications);
    assertThat(f.scheduler.pending()).isEqualTo(1);
    f.advance(Duration.ofMinutes(5));
    assertThat(f.actions.calls()).filteredOn(c -> c.startsWith("paper:")).hasSize(3);
  }

  @Test
  void aRestartKeepsTheRechecksAndRunsThemWhenTheyFallDue() {
    f = new Fixture(dir, CONFIG);
    f.post(Payloads.firing("paper", "soft", "00000000000000a1"));
    f.post(Payloads.firing("paper", "medium", "00000000000000b2"));
    f.close();
    f = new Fixture(dir, CONFIG, f); // the same store, a fresh process
    assertThat(f.scheduler.pending()).isEqualTo(1);
    f.advance(Duration.ofMinutes(5));
    assertThat(f.actions.calls()).containsExactly("paper:restart-component");
  }

  /** One notification holding {@code n} firing incidents of {@code bot}, recovery soft. */
  static String storm(String bot, int n) {
    List<JsonObject> alerts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      alerts.add(
          Payloads.alert(
              "firing",
              String.format("%08x%08x", bot.hashCode(), i),
              "2026-11-22T08:00:00Z",
              Map.of("alertname", "BotScanSlow", "bot", bot, "recovery", "soft", "i", "" + i)));
    }
    return Payloads.notification("firing", alerts.toArray(JsonObject[]::new));
  }
}
