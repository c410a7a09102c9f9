package dev.botwatch.responder.http;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.botwatch.responder.Harness;
import dev.botwatch.responder.Payloads;
import dev.botwatch.responder.model.ActionStatus;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Bad input to every endpoint gets a 4xx with a JSON error and changes nothing; the responder keeps
 * serving; no secret reaches the log (every log event of the class is captured and scanned).
 */
class HttpSurfaceTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir static Path dir;
  static Harness h;
  static ListAppender<ILoggingEvent> logs = new ListAppender<>();
  static final HttpClient http = HttpClient.newHttpClient();
  static final String BASIC_PASSWORD = "basic-pw-5be7f0";

  @BeforeAll
  static void start() throws Exception {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    java.nio.file.Files.writeString(dir.resolve("basic.pw"), BASIC_PASSWORD);
    h =
        new Harness(
            dir,
            """
            webhook:
              token: {file: DIR/webhook.token}
              basic_auth: {username: am, password: {file: DIR/basic.pw}}
              body_limit_bytes: 2048
            limits: {cooldown: 0s, retry: {initial_backoff: 10ms, max_attempts: 2, deadline: 2s}}
            bots:
            """
                + Harness.bot("paper", bot.baseUrl(), false));
  }

  @AfterAll
  static void stop() {
    h.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  static HttpResponse<String> send(String method, String path, String body, String auth)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(h.url(path)))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String auth(String name) {
    return switch (name) {
      case "webhook" -> "Bearer " + Harness.WEBHOOK_TOKEN;
      case "control" -> "Bearer " + Harness.CONTROL_TOKEN;
      case "basic" ->
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("am:" + BASIC_PASSWORD).getBytes(StandardCharsets.UTF_8));
      case "basic-wrong" ->
          "Basic " + Base64.getEncoder().encodeToString("am:nope".getBytes(StandardCharsets.UTF_8));
      case "wrong" -> "Bearer not-the-token";
      case "webhook-as-control" -> "Bearer " + Harness.WEBHOOK_TOKEN;
      default -> null;
    };
  }

  static String body(String name) {
    String valid = Payloads.firing("paper", "none", "00000000000000f1");
    return switch (name) {
      case "valid" -> valid;
      case "invalid-json" -> "{\"version\": \"4\", ";
      case "version-3" -> valid.replace("\"version\":\"4\"", "\"version\":\"3\"");
      case "no-alerts" -> new JsonObject(valid).put("alerts", (Object) null).encode();
      case "no-fingerprint" -> valid.replace("\"fingerprint\":\"00000000000000f1\"", "\"x\":1");
      case "oversize" -> "{\"pad\":\"" + "x".repeat(5000) + "\"}";
      case "reason-number" -> "{\"reason\": 7}";
      case "array" -> "[]";
      case "empty" -> "";
      default -> null;
    };
  }

  @ParameterizedTest(name = "{0} {1} body={2} auth={3} -> {4}")
  @CsvSource({
    "POST, /alerts, invalid-json, webhook, 400",
    "POST, /alerts, version-3, webhook, 400",
    "POST, /alerts, no-alerts, webhook, 400",
    "POST, /alerts, no-fingerprint, webhook, 400",
    "POST, /alerts, array, webhook, 400",
    "POST, /alerts, empty, webhook, 400",
    "POST, /alerts, oversize, webhook, 413",
    "POST, /alerts, valid, wrong, 401",
    "POST, /alerts, valid, none, 401",
    "POST, /alerts, valid, control, 401",
    "POST, /alerts, valid, basic-wrong, 401",
    "DELETE, /alerts, empty, webhook, 405",
    "POST, /api/v1/bots/paper/emergency-stop, empty, wrong, 401",
    "POST, /api/v1/bots/paper/emergency-stop, empty, webhook-as-control, 401",
    "POST, /api/v1/bots/paper/emergency-stop, empty, none, 401",
    "POST, /api/v1/bots/ghost/emergency-stop, empty, control, 404",
    "POST, /api/v1/bots/paper/emergency-stop, invalid-json, control, 400",
    "POST, /api/v1/bots/paper/emergency-stop, array, control, 400",
    "POST, /api/v1/bots/paper/emergency-stop, reason-number, control, 400",
    "POST, /api/v1/bots/paper/emergency-stop, oversize, control, 413",
    "POST, /api/v1/bots/paper/resume, empty, wrong, 401",
    "POST, /api/v1/bots/ghost/resume, empty, control, 404",
    "GET, /api/v1/actions?limit=0, empty, none, 400",
    "GET, /api/v1/actions?limit=abc, empty, none, 400",
    "GET, /api/v1/actions?offset=-1, empty, none, 400",
    "GET, /nothing-here, empty, none, 404",
  })
  void badInputIsA4xxJsonErrorAndChangesNothing(
      String method, String path, String body, String auth, int status) throws Exception {
    long before = h.store().countNotifications();
    HttpResponse<String> r = send(method, path, body(body), auth(auth));
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).contains("application/json"));
    JsonObject err = new JsonObject(r.body());
    assertThat(err.getInteger("status")).isEqualTo(status);
    assertThat(err.getString("error")).isNotBlank();
    assertThat(h.store().countNotifications()).isEqualTo(before);
    assertThat(h.store().latches()).isEmpty();
    assertThat(send("GET", "/-/healthy", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void basicAuthAsAlertmanagerSendsItIsAccepted() throws Exception {
    assertThat(send("POST", "/alerts", body("valid"), auth("basic")).statusCode()).isEqualTo(200);
  }

  @Test
  void errorsNameTheField() throws Exception {
    JsonObject err =
        new JsonObject(send("POST", "/alerts", body("no-fingerprint"), auth("webhook")).body());
    assertThat(err.getString("field")).isEqualTo("alerts[0].fingerprint");
    assertThat(h.metrics()).contains("responder_webhooks_rejected_total{reason=\"invalid\"}");
  }

  @Test
  void emptyAlertListIsAcceptedAsANoOp() throws Exception {
    HttpResponse<String> r =
        send("POST", "/alerts", Payloads.notification("resolved"), auth("webhook"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getInteger("planned")).isZero();
  }

  @Test
  void aLockedStoreAnswers503AndTheResendIsAcceptedOnce() throws Exception {
    bot.stubFor(post(urlPathMatching("/control/.*")).willReturn(ok()));
    String alert = Payloads.firing("paper", "soft", "00000000000005e3");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("responder.db"));
        Statement s = c.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
      HttpResponse<String> r = send("POST", "/alerts", alert, auth("webhook"));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(r.body()).getString("error")).contains("send it again");
      s.execute("ROLLBACK");
    }
    assertThat(send("POST", "/alerts", alert, auth("webhook")).statusCode()).isEqualTo(200);
    Harness.await(
        "reset-connections",
        10,
        () -> bot.findAll(postRequestedFor(urlEqualTo("/control/reset-connections"))).size() == 1);
  }

  @Test
  void failuresAtTheBotAreRecordedWithoutTheToken() throws Exception {
    bot.stubFor(post(urlPathMatching("/control/.*")).willReturn(serverError()));
    send(
        "POST",
        "/alerts",
        Payloads.firing("paper", "refresh_data", "0000000000000bad"),
        auth("webhook"));
    Harness.await(
        "the failure to be recorded",
        10,
        () ->
            h.store().actions("paper", 50, 0).stream()
                .anyMatch(a -> a.status() == ActionStatus.FAILURE));
    assertThat(h.store().actions("paper", 50, 0).toString()).doesNotContain(Harness.BOT_TOKEN);
  }

  /** Every GET endpoint answers HEAD: the GET's status and content type, no body. */
  @ParameterizedTest(name = "HEAD {0}")
  @ValueSource(
      strings = {
        "/api/v1/status",
        "/api/v1/actions",
        "/api/v1/actions?limit=0",
        "/api/v1",
        "/metrics",
        "/-/healthy",
        "/",
        "/console/console.js",
        "/nothing-here"
      })
  void headIsAnsweredWhereverGetIs(String path) throws Exception {
    HttpResponse<String> get = send("GET", path, null, null);
    HttpResponse<String> head = send("HEAD", path, null, null);
    assertThat(head.statusCode()).isEqualTo(get.statusCode());
    // Vert.x's StaticHandler answers HEAD on its own, without a Content-Type; ours keep it.
    if (!path.startsWith("/console/")) {
      assertThat(head.headers().firstValue("Content-Type"))
          .isEqualTo(get.headers().firstValue("Content-Type"));
    }
    assertThat(head.body()).isEmpty();
  }

  @AfterAll
  static void noSecretInAnyLogLine() {
    StringBuilder all = new StringBuilder();
    for (ILoggingEvent e : logs.list) {
      all.append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) {
        all.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
      }
    }
    assertThat(logs.list).isNotEmpty();
    assertThat(all.toString())
        .doesNotContain(Harness.WEBHOOK_TOKEN)
        .doesNotContain(Harness.CONTROL_TOKEN)
        .doesNotContain(Harness.BOT_TOKEN)
        .doesNotContain(BASIC_PASSWORD);
  }
}
