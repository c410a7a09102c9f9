package dev.botwatch.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.botwatch.e2e.support.Binaries;
import dev.botwatch.e2e.support.Http;
import dev.botwatch.e2e.support.Ports;
import dev.botwatch.e2e.support.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot of one's own on the native stack, exactly as docs/stack.md tells a person to do it: the
 * reference Python bot (examples/python-bot, the client plus a control server) started with its
 * restart script, and {@code bin/stack up} with the demo off and the example config directory
 * (examples/python-bot/botwatch) from outside config/. It passes the demo bot's heals: soft (API
 * errors, reset-connections), hard (kill -9, the restart script, a new pid) and the emergency stop
 * (latched until a person resumes). Notices land in bin/stack's own mail catcher. Rules and the
 * responder's timers are compressed 30×.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OwnBotIT {
  static final String BOT = "refbot";
  static final Duration FIRE = Duration.ofSeconds(60);
  static final Duration HEAL = Duration.ofSeconds(60);

  Stack s;
  Path home;
  String botUrl;
  String botToken;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Binaries.require("python3", "python3");
    home = dir.resolve("refbot");
    Files.createDirectories(home);
    botToken = "refbot-" + Long.toHexString(System.nanoTime());
    Files.writeString(home.resolve("control_token"), botToken + "\n");
    int controlPort = Ports.free();
    int exporterPort = Ports.free();
    botUrl = "http://127.0.0.1:" + controlPort;
    // The bot starts before the stack, so it gets the ingest token first; bin/stack keeps an
    // existing secret, as it does for a person's own run directory.
    Path stackDir = dir.resolve("stack");
    Path exporterToken = stackDir.resolve("run/secrets/exporter_token");
    Files.createDirectories(exporterToken.getParent());
    Files.writeString(exporterToken, "ingest-" + Long.toHexString(System.nanoTime()) + "\n");
    Files.writeString(
        home.resolve("refbot.json"),
        """
        {"dir": "run", "tick_seconds": 0.1,
         "control": {"port": %d, "token_file": "control_token"},
         "exporter": {"url": "http://127.0.0.1:%d", "token_file": "%s"}}
        """
            .formatted(controlPort, exporterPort, exporterToken));
    // The config directory outside config/: the example's files, copied as a person would.
    Path configDir = dir.resolve("botwatch-config");
    Files.createDirectories(configDir);
    for (String f : new String[] {"exporter.yml", "responder.yml"}) {
      Files.copy(
          Binaries.root().resolve("examples/python-bot/botwatch").resolve(f), configDir.resolve(f));
    }
    restartScript(); // the bot runs before the stack, like a bot that was there first

    Stack.Options o = new Stack.Options();
    o.demo = false;
    o.mailCatcher = true;
    o.configDir = configDir;
    o.exporterPort = exporterPort;
    o.alerts = Set.of("BotApiErrorRateHigh", "BotProcessDown", "BotDailyLossEmergency", "Watchdog");
    o.env.put("REFBOT_HOME", home.toString());
    o.env.put("REFBOT_CONTROL_PORT", "" + controlPort);
    o.env.put("BOTWATCH_COOLDOWN", "1s");
    o.env.put("BOTWATCH_VERIFY_WINDOW", "10s");
    o.env.put("BOTWATCH_MAX_ACTIONS_PER_HOUR", "100");
    s = Stack.start(stackDir, o);
    assertThat(s.upOutput)
        .as("the demo is off: no link to it")
        .doesNotContain("demo bot")
        .contains("config in " + configDir.toRealPath())
        .contains(s.mailCatcherApi());
    await("refbot's process and API requests in Prometheus")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () ->
                !s.prometheus.query("bot_process_up{bot=\"refbot\"} == 1").isEmpty()
                    && !s.prometheus
                        .query("bot:api_requests:increase5m{bot=\"refbot\"} >= 100")
                        .isEmpty());
  }

  @AfterAll
  void stop() {
    if (s != null) {
      s.close();
    }
    // The bot this test started (by its pid file): SIGTERM, so it removes the file.
    try {
      ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroy);
    } catch (RuntimeException e) {
      // no pid file: it is not running
    }
  }

  /** What the responder's hard playbook runs; it must return once the bot is up. */
  void restartScript() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                Binaries.root().resolve("examples/python-bot/restart.sh").toString(),
                home.resolve("refbot.json").toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("restart.out").toFile())
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("restart.sh returns").isTrue();
    assertThat(p.exitValue()).as(Files.readString(home.resolve("restart.out"))).isZero();
  }

  long pid() {
    try {
      return Long.parseLong(Files.readString(home.resolve("run/bot.pid")).strip());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  JsonNode bot() {
    return Http.get(botUrl + "/status").json();
  }

  int calls(String action) {
    return bot().path("control_calls").path(action).asInt(0);
  }

  void simulate(String what) {
    Http.Response r = Http.post(botUrl + "/simulate/" + what, "{}", botToken);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  @Order(1)
  void softResetsTheConnections() {
    s.scenario(
        () -> {
          simulate("api_errors");
          s.awaitFiring("BotApiErrorRateHigh", FIRE);
          await("reset-connections")
              .atMost(HEAL)
              .ignoreExceptions()
              .until(() -> calls("reset-connections") >= 1);
          assertThat(bot().path("simulate").path("api_errors").asDouble()).isZero();
          s.awaitResolved("BotApiErrorRateHigh", HEAL);
        });
  }

  @Test
  @Order(2)
  void hardRestartsAKilledBotWithANewPid() {
    s.scenario(
        () -> {
          long before = pid();
          assertThat(ProcessHandle.of(before).map(ProcessHandle::destroyForcibly)).contains(true);
          s.awaitFiring("BotProcessDown", FIRE);
          await("the restart script to start a new refbot")
              .atMost(HEAL)
              .ignoreExceptions()
              .until(() -> pid() != before && bot().path("pid").asLong() == pid());
          s.awaitResolved("BotProcessDown", HEAL);
          assertThat(Http.get(s.responderUrl() + "/api/v1/actions?bot=refbot&limit=50").body())
              .contains("\"playbook\":\"hard\"")
              .contains("refbot running (pid " + pid() + ")");
        });
  }

  @Test
  @Order(3)
  void emergencyStopLatchesUntilAPersonResumes() {
    s.scenario(
        () -> {
          simulate("losses");
          s.awaitFiring("BotDailyLossEmergency", Duration.ofSeconds(90));
          await("emergency-mode on the bot")
              .atMost(HEAL)
              .ignoreExceptions()
              .until(() -> calls("emergency-mode") >= 1);
          JsonNode b = bot();
          assertThat(b.path("emergency_mode").asBoolean()).as(b.toString()).isTrue();
          assertThat(b.path("trading_state").asText()).isEqualTo("stopped");
          assertThat(calls("stop-trading")).isEqualTo(1);
          assertThat(calls("cancel-orders")).isEqualTo(1);
          assertThat(calls("liquidate")).as("liquidation is off for refbot").isZero();
          await("the responder's latch")
              .atMost(Duration.ofSeconds(10))
              .ignoreExceptions()
              .until(this::latched);

          Http.Response r =
              Http.post(s.responderUrl() + "/api/v1/bots/refbot/resume", "{}", s.controlToken());
          assertThat(r.status()).as(r.body()).isLessThan(300);
          assertThat(latched()).isFalse();
          b = bot();
          assertThat(calls("resume")).isEqualTo(1);
          assertThat(b.path("trading_state").asText()).isEqualTo("running");
          assertThat(b.path("simulate").path("losses").asBoolean()).isFalse();

          // The notice reached a person's mailbox: bin/stack's mail catcher, read over its API.
          await("the emergency notice in the mail catcher")
              .atMost(Duration.ofSeconds(20))
              .ignoreExceptions()
              .until(
                  () ->
                      Http.get(s.mailCatcherApi() + "/api/user/ops@example.invalid/messages/INBOX")
                          .body()
                          .contains("EMERGENCY STOP executed on refbot"));
        });
  }

  boolean latched() {
    return Http.get(s.responderUrl() + "/api/v1/status")
        .json()
        .path("bots")
        .path(BOT)
        .path("emergency")
        .path("active")
        .asBoolean();
  }
}
