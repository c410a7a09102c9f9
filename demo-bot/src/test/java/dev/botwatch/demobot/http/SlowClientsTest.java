package dev.botwatch.demobot.http;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.common.http.SlowClientChecks;
import dev.botwatch.demobot.DemoBot;
import dev.botwatch.demobot.config.DemoBotConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo bot's control API closes slow clients (server.request_timeout 300ms here) and keeps a
 * kept-alive client (the responder's control calls) working.
 */
class SlowClientsTest {
  static final Duration REQUEST = Duration.ofMillis(300);

  Vertx vertx = Vertx.vertx();
  DemoBot bot;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("control_token"), "control-secret");
    String yaml =
        """
        server: {port: 0, request_timeout: 300ms, idle_timeout: 5s}
        tick: 1s
        exporter: {url: "http://127.0.0.1:9", timeout: 200ms}
        control_token: {file: "%1$s/control_token"}
        files: {log: "%1$s/bot.log", config: "%1$s/strategy.json", data: "%1$s/prices.json", pid: "%1$s/bot.pid"}
        """
            .formatted(dir);
    DemoBotConfig cfg = YamlConfig.parse(yaml, DemoBotConfig.class, "test", Map.of());
    bot = DemoBot.start(vertx, cfg, Clock.systemUTC(), code -> {}).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    bot.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void halfSentRequestsAreClosed() throws Exception {
    SlowClientChecks.halfSentHeadsAreClosed(bot.port(), REQUEST, 200);
  }

  @Test
  void aSlowControlCallIsCutOff() throws Exception {
    SlowClientChecks.aTrickledBodyIsCutOff(
        bot.port(),
        "POST /control/clear-cache HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer"
            + " control-secret\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n",
        500);
  }

  @Test
  void aKeptAliveClientKeepsItsConnection() throws Exception {
    SlowClientChecks.keptAliveClientKeepsWorking(bot.port(), REQUEST, "/status");
  }
}
