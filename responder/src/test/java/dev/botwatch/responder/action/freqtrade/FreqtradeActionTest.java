package dev.botwatch.responder.action.freqtrade;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.botwatch.common.config.Secret;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.config.FreqtradeConfig;
import dev.botwatch.responder.config.FreqtradeOperation;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One {@link FreqtradeAction} against WireMock playing Freqtrade with the bodies and status codes
 * its source produces. Time is a fake clock that the sleeper moves: nothing here sleeps.
 */
class FreqtradeActionTest {
  @RegisterExtension
  static WireMockExtension ft =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String PASSWORD = "ft-pw-0c0ffee";
  static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(("freqtrader:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  final AtomicReference<Instant> clock =
      new AtomicReference<>(Instant.parse("2026-11-22T09:00:00Z"));
  final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void jwtLogin() {
    ft.stubFor(
        post(urlEqualTo("/api/v1/token/login"))
            .withHeader("Authorization", equalTo(BASIC))
            .willReturn(okJson("{\"access_token\": \"tok-1\", \"refresh_token\": \"r-1\"}")));
  }

  FreqtradeClient client(FreqtradeConfig.Auth auth, String version) {
    FreqtradeConfig c =
        new FreqtradeConfig(
            ft.baseUrl(),
            "freqtrader",
            new Secret(null, "UNUSED"),
            Duration.ofSeconds(2),
            auth,
            version,
            Duration.ofSeconds(5),
            Duration.ofMillis(250));
    return new FreqtradeClient(
        HttpClient.newHttpClient(),
        c,
        PASSWORD,
        clock::get,
        d -> {
          sleeps.add(d);
          clock.updateAndGet(t -> t.plus(d));
        });
  }

  FreqtradeClient client(String version) {
    return client(FreqtradeConfig.Auth.JWT, version);
  }

  ActionContext ctx() {
    return new ActionContext("ft", Map.of(), Map.of(), clock.get().plusSeconds(30));
  }

  static String error(String path, String message) {
    return "{\"error\": \"Error querying " + path + ": " + message + "\"}";
  }

  void state(String state, int maxOpenTrades) {
    ft.stubFor(
        get(urlEqualTo("/api/v1/show_config"))
            .willReturn(
                okJson(
                    "{\"version\": \"2024.10\", \"state\": \""
                        + state
                        + "\", \"max_open_trades\": "
                        + maxOpenTrades
                        + "}")));
  }

  void reply(MappingBuilder m, int status, String body) {
    ft.stubFor(m.willReturn(aResponse().withStatus(status).withBody(body)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2023.6, /api/v1/stopentry",
    "2024.10, /api/v1/stopentry",
    "2025.3, /api/v1/stopentry",
    "2025.4, /api/v1/pause",
    "2025.11.1, /api/v1/pause",
    "2026.1-dev-abc, /api/v1/pause",
    "develop-5f1e, /api/v1/stopentry",
  })
  void stopEntriesFollowsTheVersionFreqtradeReports(String version, String path) {
    ft.stubFor(
        get(urlEqualTo("/api/v1/version")).willReturn(okJson("{\"version\":\"" + version + "\"}")));
    reply(post(urlPathMatching("/api/v1/(pause|stopentry)")), 200, "{\"status\": \"ok\"}");
    state(path.endsWith("pause") ? "paused" : "running", 0);
    FreqtradeAction a = new FreqtradeAction(client(null), FreqtradeOperation.STOP_ENTRIES);
    Outcome o = a.attempt(ctx());
    assertThat(o.status()).as(o.detail()).isEqualTo(Outcome.Status.SUCCESS);
    ft.verify(
        postRequestedFor(urlEqualTo(path)).withHeader("Authorization", equalTo("Bearer tok-1")));
    // The version is asked once per bot, then remembered.
    a.attempt(ctx());
    ft.verify(1, getRequestedFor(urlEqualTo("/api/v1/version")));
  }

  @Test
  void aConfiguredVersionIsNotAskedForAndA404OnPauseFallsBackToStopentry() {
    reply(post(urlEqualTo("/api/v1/pause")), 404, "{\"detail\": \"Not Found\"}");
    reply(post(urlEqualTo("/api/v1/stopentry")), 200, "{\"status\": \"No more entries\"}");
    state("running", 0);
    Outcome o =
        new FreqtradeAction(client("2025.4"), FreqtradeOperation.STOP_ENTRIES).attempt(ctx());
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCESS);
    ft.verify(0, getRequestedFor(urlEqualTo("/api/v1/version")));
    ft.verify(1, postRequestedFor(urlEqualTo("/api/v1/stopentry")));
  }

  /** Answers that mean "already so": success, not a failure to retry. */
  @ParameterizedTest(name = "{0} {1} {2}: {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2024.10 | STOP_ENTRIES | /api/v1/stopentry | trader is not running",
        "2025.4  | STOP_ENTRIES | /api/v1/pause     | trader is not running",
        "2024.10 | CANCEL_OPEN_ORDERS | /api/v1/trades/3/open-order | No open order for trade_id.",
        "2024.10 | CANCEL_OPEN_ORDERS | /api/v1/trades/3/open-order | Invalid trade_id.",
        "2024.10 | CANCEL_OPEN_ORDERS | /api/v1/trades/3/open-order | no active trade",
      })
  void idempotentAnswersAreSuccess(String version, String op, String path, String message) {
    state("running", 0);
    ft.stubFor(
        get(urlEqualTo("/api/v1/status"))
            .willReturn(okJson("[{\"trade_id\": 3, \"has_open_orders\": true, \"amount\": 0}]")));
    MappingBuilder m =
        path.endsWith("open-order")
            ? com.github.tomakehurst.wiremock.client.WireMock.delete(urlEqualTo(path))
            : post(urlEqualTo(path));
    reply(m, 502, error(path, message));
    Outcome o = new FreqtradeAction(client(version), FreqtradeOperation.valueOf(op)).attempt(ctx());
    assertThat(o.status()).as(o.detail()).isEqualTo(Outcome.Status.SUCCESS);
    if (message.equals("no active trade")) {
      // Freqtrade cancelled the unfilled entry and deleted its trade before answering.
      assertThat(o.detail()).isEqualTo("cancelled 1 open order(s)");
    }
  }

  @Test
  void stopAnsweringAlreadyStoppedIsSuccess() {
    reply(post(urlEqualTo("/api/v1/stop")), 200, "{\"status\": \"already stopped\"}");
    state("stopped", 3);
    Outcome o = new FreqtradeAction(client("2024.10"), FreqtradeOperation.STOP).attempt(ctx());
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(o.detail()).contains("already stopped").contains("state stopped");
  }

  @Test
  void a401GetsExactlyOneFreshLoginThenFailsForGood() {
    reply(
        post(urlEqualTo("/api/v1/stop")), 401, "{\"detail\": \"Could not validate credentials\"}");
    Outcome o = new FreqtradeAction(client("2024.10"), FreqtradeOperation.STOP).attempt(ctx());
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).isFalse();
    assertThat(o.detail()).contains("401").doesNotContain(PASSWORD).doesNotContain("tok-1");
    ft.verify(2, postRequestedFor(urlEqualTo("/api/v1/token/login")));
    ft.verify(2, postRequestedFor(urlEqualTo("/api/v1/stop")));
  }

  @Test
  void aRefusedLoginIsPermanentAndBasicAuthNeverLogsIn() {
    reply(
        post(urlEqualTo("/api/v1/token/login")),
        401,
        "{\"detail\": \"Incorrect username or password\"}");
    Outcome o = new FreqtradeAction(client("2024.10"), FreqtradeOperation.STOP).attempt(ctx());
    assertThat(o.retryable()).isFalse();
    assertThat(o.detail()).contains("check username/password");
    ft.verify(0, postRequestedFor(urlEqualTo("/api/v1/stop")));

    reply(post(urlEqualTo("/api/v1/stop")), 401, "{\"detail\": \"Unauthorized\"}");
    Outcome b =
        new FreqtradeAction(client(FreqtradeConfig.Auth.BASIC, "2024.10"), FreqtradeOperation.STOP)
            .attempt(ctx());
    assertThat(b.retryable()).isFalse();
    ft.verify(
        1,
        postRequestedFor(urlEqualTo("/api/v1/stop")).withHeader("Authorization", equalTo(BASIC)));
    ft.verify(1, postRequestedFor(urlEqualTo("/api/v1/token/login")));
  }

  @Test
  void forceExitSendsMarketAndSucceedsOnlyOnceStatusShowsNoOpenTrade() {
    state("running", 0);
    ft.stubFor(
        get(urlEqualTo("/api/v1/status"))
            .inScenario("exit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("[{\"trade_id\": 1, \"has_open_orders\": false}]")));
    ft.stubFor(
        post(urlEqualTo("/api/v1/forceexit"))
            .inScenario("exit")
            .willReturn(okJson("{\"result\": \"Created exit orders for all open trades.\"}"))
            .willSetStateTo("exiting"));
    ft.stubFor(
        get(urlEqualTo("/api/v1/status"))
            .inScenario("exit")
            .whenScenarioStateIs("exiting")
            .willReturn(okJson("[{\"trade_id\": 1, \"has_open_orders\": true}]"))
            .willSetStateTo("flat"));
    ft.stubFor(
        get(urlEqualTo("/api/v1/status"))
            .inScenario("exit")
            .whenScenarioStateIs("flat")
            .willReturn(okJson("[]")));
    Outcome o =
        new FreqtradeAction(client("2024.10"), FreqtradeOperation.FORCE_EXIT_ALL).attempt(ctx());
    assertThat(o.status()).as(o.detail()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(o.detail()).contains("no open trade");
    ft.verify(
        postRequestedFor(urlEqualTo("/api/v1/forceexit"))
            .withRequestBody(equalToJson("{\"tradeid\": \"all\", \"ordertype\": \"market\"}")));
  }

  @Test
  void forceExitWithTradesStillOpenAtTheDeadlineIsAFailureNotLiquidated() {
    state("running", 0);
    ft.stubFor(get(urlEqualTo("/api/v1/status")).willReturn(okJson("[{\"trade_id\": 9}]")));
    reply(post(urlEqualTo("/api/v1/forceexit")), 200, "{\"result\": \"Created exit orders\"}");
    Outcome o =
        new FreqtradeAction(client("2024.10"), FreqtradeOperation.FORCE_EXIT_ALL).attempt(ctx());
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).isFalse();
    assertThat(o.detail()).contains("1 still open").contains("trade 9");
  }

  @Test
  void aRetryCancelsOnlyWhatIsLeftAndNeverRepeatsADeleteThatWorked() {
    state("running", 0);
    // Freqtrade still lists both (the exchange is slow to say so): only trade 3 is sent again.
    ft.stubFor(
        get(urlEqualTo("/api/v1/status"))
            .willReturn(
                okJson(
                    "[{\"trade_id\": 3, \"has_open_orders\": true},"
                        + " {\"trade_id\": 4, \"has_open_orders\": true},"
                        + " {\"trade_id\": 5, \"has_open_orders\": false}]")));
    ft.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.delete(
                urlEqualTo("/api/v1/trades/3/open-order"))
            .inScenario("3")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(502)
                    .withBody(error("/api/v1/trades/3/open-order", "Order not found.")))
            .willSetStateTo("ok"));
    ft.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.delete(
                urlEqualTo("/api/v1/trades/3/open-order"))
            .inScenario("3")
            .whenScenarioStateIs("ok")
            .willReturn(okJson("{\"trade_id\": 3}")));
    ft.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.delete(
                urlEqualTo("/api/v1/trades/4/open-order"))
            .willReturn(okJson("{\"trade_id\": 4}")));
    FreqtradeAction a =
        new FreqtradeAction(client("2024.10"), FreqtradeOperation.CANCEL_OPEN_ORDERS);
    Outcome first = a.attempt(ctx());
    assertThat(first.retryable()).isTrue();
    assertThat(first.detail()).contains("cancelled 1 open order(s)").contains("Order not found.");
    Outcome second = a.attempt(ctx());
    assertThat(second.status()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(second.detail()).isEqualTo("cancelled 2 open order(s)");
    ft.verify(2, deleteRequestedFor(urlEqualTo("/api/v1/trades/3/open-order")));
    ft.verify(1, deleteRequestedFor(urlEqualTo("/api/v1/trades/4/open-order")));
    ft.verify(0, deleteRequestedFor(urlEqualTo("/api/v1/trades/5/open-order")));
  }

  @Test
  void stopWaitsUntilFreqtradeReportsStoppedAndAStartAfterItWaitsForTheWorkerLoop() {
    reply(post(urlPathMatching("/api/v1/(stop|start)")), 200, "{\"status\": \"ok\"}");
    ft.stubFor(
        get(urlEqualTo("/api/v1/show_config"))
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("{\"state\": \"running\"}"))
            .willSetStateTo("later"));
    ft.stubFor(
        get(urlEqualTo("/api/v1/show_config"))
            .inScenario("s")
            .whenScenarioStateIs("later")
            .willReturn(okJson("{\"state\": \"stopped\"}")));
    FreqtradeClient c = client("2024.10");
    Outcome stop = new FreqtradeAction(c, FreqtradeOperation.STOP).attempt(ctx());
    assertThat(stop.status()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(sleeps).containsExactly(Duration.ofMillis(250)); // one poll while still running
    Instant stopped = clock.get();
    ft.resetScenarios();
    ft.stubFor(
        get(urlEqualTo("/api/v1/show_config")).willReturn(okJson("{\"state\": \"running\"}")));
    Outcome start = new FreqtradeAction(c, FreqtradeOperation.START).attempt(ctx());
    assertThat(start.status()).isEqualTo(Outcome.Status.SUCCESS);
    // Freqtrade's worker acts on a state only at its next loop (process_throttle_secs, 5 s here):
    // the start waits one loop and a second after the stop, or the worker never sees the stop.
    assertThat(Duration.between(stopped, clock.get()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(6));
  }
}
