package dev.botwatch.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.botwatch.e2e.support.Http;
import dev.botwatch.e2e.support.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One native stack (bin/stack, shipped configs, real Prometheus and Alertmanager, rules compressed
 * 30×), and each playbook acted out on it: the demo bot breaks in one way, the matching alert
 * fires, the responder runs the playbook against the real bot, and the bot recovers (or, for the
 * emergency stop, stays stopped until a person resumes it). Scenarios run in order, each waiting
 * for full recovery, so the next starts from a healthy bot. The responder's cooldown and verify
 * window are compressed with the rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaybooksIT {
  static final Duration FIRE = Duration.ofSeconds(60);
  static final Duration HEAL = Duration.ofSeconds(60);

  Stack s;

  @BeforeAll
  void start(@TempDir Path dir) {
    Stack.Options o = new Stack.Options();
    o.alerts =
        Set.of(
            "BotComponentDown",
            "BotDataStale",
            "BotConfigInvalid",
            "BotProcessDown",
            "BotDailyLossEmergency",
            "Watchdog");
    o.env.put("BOTWATCH_COOLDOWN", "1s");
    o.env.put("BOTWATCH_VERIFY_WINDOW", "10s");
    // An hour is two minutes here: the per-hour caps would stop the later scenarios.
    o.env.put("BOTWATCH_MAX_ACTIONS_PER_HOUR", "100");
    s = Stack.start(dir, o);
    // Two minutes: on a loaded machine the first scrape of a fresh stack can take a while.
    s.scenario(
        () ->
            await("the demo bot's metrics in Prometheus")
                .atMost(Duration.ofSeconds(120))
                .ignoreExceptions()
                .until(
                    () ->
                        !s.prometheus.query("bot_process_up{bot=\"paper\"} == 1").isEmpty()
                            && !s.prometheus.query("bot_component_up{bot=\"paper\"}").isEmpty()));
  }

  @AfterAll
  void stop() {
    if (s != null) {
      s.close();
    }
  }

  @Test
  @Order(1)
  void mediumRestartsTheComponent() {
    s.scenario(
        () -> {
          s.fault("component_down");
          s.awaitFiring("BotComponentDown", FIRE);
          await("restart-component")
              .atMost(HEAL)
              .ignoreExceptions()
              .until(() -> s.controlCalls("restart-component") >= 1);
          s.awaitResolved("BotComponentDown", HEAL);
          assertThat(s.controlCalls("restart-component")).isEqualTo(1);
        });
  }

  @Test
  @Order(2)
  void refreshDataRefreshesTheFeed() {
    s.scenario(
        () -> {
          s.fault("stale_data");
          s.awaitFiring("BotDataStale", FIRE);
          await("refresh-data")
              .atMost(HEAL)
              .ignoreExceptions()
              .until(() -> s.controlCalls("refresh-data") >= 1);
          s.awaitResolved("BotDataStale", HEAL);
          assertThat(s.controlCalls("refresh-data")).isEqualTo(1);
        });
  }

  @Test
  @Order(3)
  void restoreConfigPutsTheKnownGoodFileBack() {
    s.scenario(
        () -> {
          Path config = s.runDir.resolve("demo-bot/strategy.json");
          s.fault("broken_config");
          s.awaitFiring("BotConfigInvalid", FIRE);
          s.awaitResolved("BotConfigInvalid", HEAL);
          assertThat(read(config)).isEqualTo(read(s.runDir.resolve("demo-bot/strategy.json.good")));
          // The broken file was kept for a person to look at.
          try (Stream<Path> files = Files.list(config.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.startsWith("strategy.json.") && n.endsWith(".bak"));
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  @Order(4)
  void hardRestartsTheProcess() {
    s.scenario(
        () -> {
          long before = s.pid("demo-bot");
          s.fault("exit");
          s.awaitFiring("BotProcessDown", FIRE);
          await("bin/stack restart to start a new demo bot")
              .atMost(HEAL)
              .ignoreExceptions()
              .until(
                  () -> {
                    try {
                      return s.pid("demo-bot") != before && s.botStatus() != null;
                    } catch (RuntimeException e) {
                      return false;
                    }
                  });
          s.awaitResolved("BotProcessDown", HEAL);
          assertThat(s.prometheus.query("bot_process_up{bot=\"paper\"} == 1")).hasSize(1);
        });
  }

  @Test
  @Order(5)
  void emergencyStopLatchesUntilAPersonResumes() {
    s.scenario(
        () -> {
          s.fault("losses");
          s.awaitFiring("BotDailyLossEmergency", Duration.ofSeconds(120));
          await("emergency-mode on the bot")
              .atMost(HEAL)
              .ignoreExceptions()
              .until(() -> s.controlCalls("emergency-mode") >= 1);
          // The bot itself is stopped: no new entries, emergency mode on.
          JsonNode bot = s.botStatus();
          assertThat(bot.path("emergency_mode").asBoolean()).as(bot.toString()).isTrue();
          assertThat(bot.path("trading_allowed").asBoolean()).as(bot.toString()).isFalse();
          assertThat(s.controlCalls("stop-trading")).isEqualTo(1);
          assertThat(s.controlCalls("cancel-orders")).isEqualTo(1);
          // config/responder.yml leaves liquidation off for the demo bot: never called.
          assertThat(s.controlCalls("liquidate")).isZero();
          await("the responder's latch")
              .atMost(Duration.ofSeconds(10))
              .ignoreExceptions()
              .until(
                  () ->
                      status()
                          .path("bots")
                          .path("paper")
                          .path("emergency")
                          .path("active")
                          .asBoolean());
          // While latched, a second stop is refused (409) rather than run again, and
          // stop-trading stays at one call.
          Http.Response again =
              Http.post(
                  s.responderUrl() + "/api/v1/bots/paper/emergency-stop", "{}", s.controlToken());
          assertThat(again.status()).as(again.body()).isEqualTo(409);
          assertThat(again.body()).contains("already on");
          assertThat(s.controlCalls("stop-trading")).isEqualTo(1);

          // Resuming needs the control token; without it nothing changes.
          assertThat(
                  Http.post(s.responderUrl() + "/api/v1/bots/paper/resume", "{}", "wrong").status())
              .isEqualTo(401);
          Http.Response r =
              Http.post(s.responderUrl() + "/api/v1/bots/paper/resume", "{}", s.controlToken());
          assertThat(r.status()).as(r.body()).isLessThan(300);
          assertThat(
                  status().path("bots").path("paper").path("emergency").path("active").asBoolean())
              .isFalse();
          assertThat(s.controlCalls("resume")).isEqualTo(1);
          assertThat(s.botStatus().path("emergency_mode").asBoolean()).isFalse();
        });
  }

  JsonNode status() {
    return Http.get(s.responderUrl() + "/api/v1/status").json();
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
