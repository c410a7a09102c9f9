package dev.botwatch.demobot.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.demobot.DemoBot;
import dev.botwatch.demobot.config.DemoBotConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The running bot over HTTP, against an in-process exporter: batched events and state, the fault
 * and control API, tokens, bad input, and the faults whose effects live outside the simulation.
 */
@ExtendWith(VertxExtension.class)
class DemoBotHttpTest {
  static final String CONTROL = "control-secret";
  static final String INGEST = "ingest-secret";

  @TempDir Path dir;
  Vertx vertx;
  WebClient http;
  FakeExporter exporter;
  DemoBot bot;
  final List<Integer> exits = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    http = WebClient.create(vertx);
    exporter = FakeExporter.start(vertx, 0);
    Files.writeString(dir.resolve("control_token"), CONTROL + "\n");
    Files.writeString(dir.resolve("ingest_token"), INGEST);
  }

  @AfterEach
  void tearDown() {
    if (bot != null) {
      bot.stop().timeout(10, TimeUnit.SECONDS).await();
    }
  }

  DemoBot start(String exporterUrl) {
    String yaml =
        """
        server: {port: 0}
        tick: 50ms
        exporter: {url: "%s", token: {file: "%s"}, timeout: 1s, buffer_events: 500}
        control_token: {file: "%s"}
        files: {log: "%s", config: "%s", data: "%s", pid: "%s"}
        memory_growth: {cap_mib: 4, step_mib: 1}
        """
            .formatted(
                exporterUrl,
                dir.resolve("ingest_token"),
                dir.resolve("control_token"),
                dir.resolve("bot.log"),
                dir.resolve("strategy.json"),
                dir.resolve("prices.json"),
                dir.resolve("bot.pid"));
    DemoBotConfig cfg = YamlConfig.parse(yaml, DemoBotConfig.class, "test", Map.of());
    bot =
        DemoBot.start(vertx, cfg, Clock.systemUTC(), exits::add)
            .timeout(10, TimeUnit.SECONDS)
            .await();
    return bot;
  }

  HttpResponse<Buffer> post(String path, String body, String token) {
    var req = http.post(bot.port(), "127.0.0.1", path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return (body == null ? req.send() : req.sendBuffer(Buffer.buffer(body)))
        .timeout(10, TimeUnit.SECONDS)
        .await();
  }

  HttpResponse<Buffer> control(String action, String body) {
    return post("/control/" + action, body, CONTROL);
  }

  HttpResponse<Buffer> get(String path) {
    return http.get(bot.port(), "127.0.0.1", path).send().timeout(10, TimeUnit.SECONDS).await();
  }

  JsonObject status() {
    return get("/status").bodyAsJsonObject();
  }

  String log() {
    try {
      return Files.readString(dir.resolve("bot.log"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Turns of the bot's main loop so far, stalled or not. */
  long ticks() {
    return status().getLong("ticks");
  }

  /** Waits until the bot's loop has run {@code n} more turns: proof that time went by. */
  void awaitTicks(int n) {
    long mark = ticks();
    await(n + " more turns of the loop").until(() -> ticks() >= mark + n);
  }

  @Test
  void eachTickSendsOneBatchOfEventsAndTheState() throws Exception {
    start(exporter.url());
    await("3 batches and states")
        .until(() -> exporter.batches.size() >= 3 && exporter.states.size() >= 3);
    assertThat(exporter.batches.get(1).stream().map(e -> ((JsonObject) e).getString("type")))
        .contains("trade", "api_call", "heartbeat", "scan", "nonce", "balance_check");
    assertThat(exporter.events())
        .allSatisfy(e -> assertThat(e.getString("bot")).isEqualTo("paper"));
    assertThat(exporter.authorizations).allMatch(("Bearer " + INGEST)::equals);
    JsonObject state = exporter.states.get(exporter.states.size() - 1);
    assertThat(state.getString("_bot")).isEqualTo("paper");
    assertThat(state.getJsonObject("pnl").getString("currency")).isEqualTo("USDT");
    assertThat(state.getString("trading_state")).isEqualTo("running");
    assertThat(state.getJsonObject("components").getBoolean("scanner")).isTrue();
    assertThat(Files.readAllLines(dir.resolve("bot.log")))
        .anyMatch(
            l ->
                l.matches(
                    "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - paper - INFO - tick \\d+: .*"));
    assertThat(dir.resolve("prices.json")).content().contains("BTC/USDT");
    assertThat(status().getJsonObject("exporter").getBoolean("reachable")).isTrue();
  }

  /** A hung control API: the call acts and is counted at once; its answer waits. */
  @Test
  void slowControlActsAtOnceAndAnswersLate() throws Exception {
    start(exporter.url());
    post("/faults/api_errors", null, null);
    assertThat(post("/faults/slow_control", "{\"seconds\": 600}", null).statusCode())
        .isEqualTo(200);
    assertError(post("/faults/slow_control", "{\"seconds\": -1}", null), 422, "seconds");
    var pending =
        http.post(bot.port(), "127.0.0.1", "/control/reset-connections")
            .bearerTokenAuthentication(CONTROL)
            .send();
    await("the call counted")
        .until(
            () -> status().getJsonObject("control_calls").getInteger("reset-connections", 0) == 1);
    assertThat(status().getJsonObject("faults").getMap()).containsOnlyKeys("slow_control");
    assertThat(pending.isComplete()).isFalse();
    // Once the fault is off, calls answer at once again.
    assertThat(
            http.delete(bot.port(), "127.0.0.1", "/faults/slow_control")
                .send()
                .await()
                .statusCode())
        .isEqualTo(200);
    assertThat(control("reset-connections", null).statusCode()).isEqualTo(200);
  }

  @Test
  void apiErrorsLastUntilResetConnections() throws Exception {
    start(exporter.url());
    HttpResponse<Buffer> on = post("/faults/api_errors", null, null);
    assertThat(on.statusCode()).isEqualTo(200);
    assertThat(on.bodyAsJsonObject().getString("alert")).isEqualTo("BotApiErrorRateHigh");
    int mark = exporter.batches.size();
    await("failing API calls")
        .until(
            () -> exporter.eventsSince(mark).anyMatch(e -> "error".equals(e.getString("outcome"))));

    HttpResponse<Buffer> reset = control("reset-connections", null);
    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(reset.bodyAsJsonObject().getJsonArray("cleared")).containsExactly("api_errors");
    // The batch in flight may still carry errors; the ones after the next carry none.
    await("two more batches").until(() -> exporter.batches.size() >= mark + 1);
    int after = exporter.batches.size() + 1;
    await("clean batches").until(() -> exporter.batches.size() >= after + 2);
    assertThat(exporter.eventsSince(after).filter(e -> "api_call".equals(e.getString("type"))))
        .isNotEmpty()
        .allMatch(e -> "success".equals(e.getString("outcome")));
    JsonObject s = status();
    assertThat(s.getJsonObject("control_calls").getMap()).isEqualTo(Map.of("reset-connections", 1));
    assertThat(s.getJsonObject("faults").getMap()).isEmpty();
  }

  @Test
  void theControlApiWantsTheToken() {
    start(exporter.url());
    HttpResponse<Buffer> none = post("/control/reset-connections", null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.bodyAsJsonObject().getInteger("status")).isEqualTo(401);
    assertThat(post("/control/reset-connections", null, "wrong").statusCode()).isEqualTo(401);
    assertThat(status().getJsonObject("control_calls").getMap()).isEmpty();
  }

  @Test
  void badInputGetsJsonErrors() {
    start(exporter.url());
    assertError(control("reboot", null), 404, "action");
    assertError(post("/faults/meteor", null, null), 404, "name");
    assertError(http.delete(bot.port(), "127.0.0.1", "/faults/meteor").send().await(), 404, "name");
    assertError(control("emergency-mode", "{\"active\": "), 400, "body");
    assertError(control("emergency-mode", "[true]"), 400, "body");
    assertError(control("emergency-mode", "{}"), 422, "active");
    assertError(control("restart-component", "{\"component\": [1]}"), 422, "component");
    assertError(post("/faults/component_down", "{\"component\": 7}", null), 422, "component");
    assertThat(control("liquidate", null).statusCode()).isEqualTo(403);
    assertThat(control("reset-connections", "x".repeat(Api.BODY_LIMIT + 1)).statusCode())
        .isEqualTo(413);
    assertError(http.put(bot.port(), "127.0.0.1", "/status").send().await(), 405, "method");
    assertError(http.get(bot.port(), "127.0.0.1", "/nothing").send().await(), 404, "path");
  }

  static void assertError(HttpResponse<Buffer> r, int status, String field) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("error")).isNotBlank();
    assertThat(body.getString("field")).isEqualTo(field);
  }

  @Test
  void everyControlActionAnswersAndIsCounted() {
    start(exporter.url());
    for (String a :
        List.of(
            "reset-connections",
            "clear-cache",
            "refresh-auth",
            "reset-strategy",
            "cancel-orders",
            "stop-trading",
            "refresh-data",
            "resume")) {
      HttpResponse<Buffer> r = control(a, null);
      assertThat(r.statusCode()).as(a).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getString("action")).isEqualTo(a);
      assertThat(r.bodyAsJsonObject().getString("done")).isNotBlank();
    }
    assertThat(control("restart-component", "{\"component\": \"scanner\"}").statusCode())
        .isEqualTo(200);
    assertThat(
            control("emergency-mode", "{\"active\": true}")
                .bodyAsJsonObject()
                .getString("trading_state"))
        .isEqualTo("stopped");
    assertThat(status().getBoolean("emergency_mode")).isTrue();
    // curl -d sends a form content type; the body is still read as JSON.
    HttpResponse<Buffer> form =
        http.post(bot.port(), "127.0.0.1", "/control/emergency-mode")
            .bearerTokenAuthentication(CONTROL)
            .putHeader("Content-Type", "application/x-www-form-urlencoded")
            .sendBuffer(Buffer.buffer("{\"active\": false}"))
            .timeout(10, TimeUnit.SECONDS)
            .await();
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(status().getBoolean("emergency_mode")).isFalse();
    assertThat(status().getJsonObject("control_calls").getInteger("emergency-mode")).isEqualTo(2);
    assertThat(status().getJsonObject("control_calls").getMap())
        .hasSize(10)
        .allSatisfy((k, v) -> assertThat(v).isEqualTo(k.equals("emergency-mode") ? 2 : 1));
    JsonObject faults = get("/faults").bodyAsJsonObject();
    assertThat(faults.getJsonArray("faults")).hasSize(13);
  }

  @Test
  void stallSilencesTheBotUntilAComponentRestart() throws Exception {
    start(exporter.url());
    await("a batch").until(() -> exporter.batches.size() >= 1);
    post("/faults/stall", null, null);
    // A turn that began after the fault has run (turns never overlap), and what earlier turns
    // sent has landed.
    awaitTicks(2);
    await("the last report before the stall to land")
        .until(() -> !status().getJsonObject("exporter").getBoolean("in_flight"));
    int batches = exporter.batches.size();
    long logSize = Files.size(dir.resolve("bot.log"));
    awaitTicks(6);
    assertThat(exporter.batches).hasSize(batches);
    assertThat(Files.size(dir.resolve("bot.log"))).isEqualTo(logSize);
    control("reset-connections", null); // not a cure, and the hung loop logs nothing
    assertThat(Files.size(dir.resolve("bot.log"))).isEqualTo(logSize);
    assertThat(
            control("restart-component", "{\"component\": \"main\"}")
                .bodyAsJsonObject()
                .getJsonArray("cleared"))
        .containsExactly("stall");
    await("batches again").until(() -> exporter.batches.size() > batches);
  }

  @Test
  void exitEndsTheProcessWithStatusOne() throws Exception {
    start(exporter.url());
    assertThat(post("/faults/exit", null, null).bodyAsJsonObject().getBoolean("exiting")).isTrue();
    await("exit(1)").until(() -> exits.equals(List.of(1)));
  }

  @Test
  void brokenConfigCorruptsTheFileUntilAGoodCopyIsPutBack() throws Exception {
    start(exporter.url());
    Path config = dir.resolve("strategy.json");
    Path good = dir.resolve("strategy.json.good");
    assertThat(good).exists();
    assertThat(post("/faults/broken_config", null, null).statusCode()).isEqualTo(200);
    await("invalid config seen").until(() -> !status().getBoolean("config_valid"));
    assertThat(config).content().startsWith("{\"strategy\"").doesNotEndWith("}");
    int mark = exporter.batches.size();
    await("config error events")
        .until(() -> exporter.eventsSince(mark).anyMatch(e -> "error".equals(e.getString("type"))));
    // What the responder's restore_file does: put the known-good copy back.
    Files.copy(good, config, StandardCopyOption.REPLACE_EXISTING);
    await("valid again").until(() -> status().getBoolean("config_valid"));
    assertThat(status().getJsonObject("faults").getMap()).isEmpty();
    await("the log says so").until(() -> log().contains("config file is valid again"));
  }

  @Test
  void memoryGrowthIsBoundedAndReleasedWhenSwitchedOff() throws Exception {
    start(exporter.url());
    post("/faults/memory_growth", null, null);
    await("the cap").until(() -> status().getLong("memory_balloon_bytes") == 4L * 1024 * 1024);
    awaitTicks(2); // turns that would have grown it further
    assertThat(status().getLong("memory_balloon_bytes")).isEqualTo(4L * 1024 * 1024);
    assertThat(
            http.delete(bot.port(), "127.0.0.1", "/faults/memory_growth")
                .send()
                .await()
                .statusCode())
        .isEqualTo(200);
    assertThat(status().getLong("memory_balloon_bytes")).isZero();
  }

  /** The console's Resume after an emergency stop gives back a healthy bot (docs/demo-bot.md). */
  @Test
  void resumeClearsTheEmergencyFaultsAndFreesTheMemory() throws Exception {
    start(exporter.url());
    post("/faults/memory_growth", null, null);
    post("/faults/losses", null, null);
    await("some growth").until(() -> status().getLong("memory_balloon_bytes") > 0);
    var r = control("resume", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonArray("cleared").getList())
        .containsExactlyInAnyOrder("memory_growth", "losses");
    assertThat(status().getLong("memory_balloon_bytes")).isZero();
    assertThat(status().getJsonObject("faults").getMap()).isEmpty();
  }

  @Test
  void anUnreachableExporterIsRiddenOut() throws Exception {
    int port = exporter.port();
    exporter.close();
    start("http://127.0.0.1:" + port);
    await("buffering")
        .until(() -> status().getJsonObject("exporter").getInteger("buffered_events") > 50);
    JsonObject ex = status().getJsonObject("exporter");
    assertThat(ex.getBoolean("reachable")).isFalse();
    assertThat(ex.getString("last_error")).isNotBlank();
    await("the cap drops the oldest")
        .until(() -> status().getJsonObject("exporter").getLong("dropped_events") > 0);
    assertThat(status().getJsonObject("exporter").getInteger("buffered_events"))
        .isLessThanOrEqualTo(500);
    assertThat(status().getLong("ticks")).isGreaterThan(5);

    exporter = FakeExporter.start(vertx, port);
    await("catching up")
        .until(
            () ->
                status().getJsonObject("exporter").getBoolean("reachable")
                    && status().getJsonObject("exporter").getInteger("buffered_events") == 0);
    assertThat(exporter.batches.get(0).size()).isGreaterThan(50); // the backlog went as one batch
  }

  @Test
  void aRejectedBatchIsDroppedNotRetried() throws Exception {
    exporter.status = 422;
    start(exporter.url());
    await("rejections")
        .until(() -> status().getJsonObject("exporter").getLong("dropped_events") > 0);
    assertThat(status().getJsonObject("exporter").getInteger("buffered_events")).isLessThan(100);
  }

  @Test
  void aBusyExporterGetsTheEventsLaterInOrder() throws Exception {
    exporter.status = 503;
    start(exporter.url());
    await("buffering")
        .until(() -> status().getJsonObject("exporter").getInteger("buffered_events") > 100);
    assertThat(status().getJsonObject("exporter").getLong("dropped_events")).isZero();
    exporter.status = 202;
    await("delivered")
        .until(() -> status().getJsonObject("exporter").getInteger("buffered_events") == 0);
    List<Double> heartbeats =
        exporter
            .events()
            .filter(
                e ->
                    "heartbeat".equals(e.getString("type"))
                        && "main".equals(e.getString("component")))
            .map(e -> e.getDouble("ts"))
            .toList();
    assertThat(heartbeats).hasSizeGreaterThan(8).isSorted();
  }

  /** Every GET endpoint answers HEAD: the GET's status and content type, no body. */
  @ParameterizedTest(name = "HEAD {0}")
  @ValueSource(strings = {"/status", "/faults", "/-/healthy", "/control/resume", "/nope"})
  void headIsAnsweredWhereverGetIs(String path) {
    start(exporter.url());
    var get = get(path);
    var head =
        http.head(bot.port(), "127.0.0.1", path).send().timeout(10, TimeUnit.SECONDS).await();
    assertThat(head.statusCode()).isEqualTo(get.statusCode());
    assertThat(head.getHeader("Content-Type")).isEqualTo(get.getHeader("Content-Type"));
    assertThat(head.body() == null ? 0 : head.body().length()).isZero();
  }
}
