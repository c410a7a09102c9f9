package dev.botwatch.responder.action;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Freqtrade's REST API played by WireMock. */
class FreqtradeActionTest {
  @RegisterExtension
  static WireMockExtension ft =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String PASSWORD = "ft-pw-0c0ffee";
  static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(("freqtrader:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  FreqtradeAction action(FreqtradeAction.Operation op) {
    return new FreqtradeAction(
        HttpClient.newHttpClient(),
        ft.baseUrl(),
        "freqtrader",
        PASSWORD,
        Duration.ofSeconds(2),
        op,
        Instant::now);
  }

  static ActionContext ctx() {
    return new ActionContext("ft", Map.of(), Map.of(), Instant.now().plusSeconds(5));
  }

  @ParameterizedTest
  @CsvSource({
    "STOP_ENTRIES, POST, /api/v1/stopentry",
    "FORCE_EXIT_ALL, POST, /api/v1/forceexit",
    "STOP, POST, /api/v1/stop",
    "START, POST, /api/v1/start",
    "RELOAD_CONFIG, POST, /api/v1/reload_config",
  })
  void eachOperationIsOneAuthenticatedCall(
      FreqtradeAction.Operation op, String method, String path) {
    ft.stubFor(any(anyUrl()).willReturn(okJson("{\"status\": \"ok\"}")));
    Outcome o = action(op).attempt(ctx());
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(ft.getAllServeEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getRequest().getMethod().getName()).isEqualTo(method);
              assertThat(e.getRequest().getUrl()).isEqualTo(path);
              assertThat(e.getRequest().getHeader("Authorization")).isEqualTo(BASIC);
            });
    if (op == FreqtradeAction.Operation.FORCE_EXIT_ALL) {
      ft.verify(
          anyRequestedFor(urlEqualTo(path)).withRequestBody(equalToJson("{\"tradeid\": \"all\"}")));
    }
  }

  @Test
  void cancelOpenOrdersCancelsOnlyTradesWithAnOpenOrder() {
    ft.stubFor(
        get(urlEqualTo("/api/v1/status"))
            .willReturn(
                okJson(
                    "[{\"trade_id\": 3, \"has_open_orders\": true},"
                        + " {\"trade_id\": 4, \"has_open_orders\": false},"
                        + " {\"trade_id\": 7, \"open_order_id\": \"x1\"}]")));
    ft.stubFor(delete(urlEqualTo("/api/v1/trades/3/open-order")).willReturn(ok()));
    ft.stubFor(delete(urlEqualTo("/api/v1/trades/7/open-order")).willReturn(ok()));
    Outcome o = action(FreqtradeAction.Operation.CANCEL_OPEN_ORDERS).attempt(ctx());
    assertThat(o.detail()).isEqualTo("cancelled 2 open order(s)");
    ft.verify(0, deleteRequestedFor(urlEqualTo("/api/v1/trades/4/open-order")));
    ft.verify(
        deleteRequestedFor(urlEqualTo("/api/v1/trades/3/open-order"))
            .withHeader("Authorization", equalTo(BASIC)));
  }

  @ParameterizedTest
  @CsvSource({"401, false", "403, false", "400, false", "429, true", "503, true"})
  void statusDecidesRetry(int status, boolean retryable) {
    ft.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status)));
    Outcome o = action(FreqtradeAction.Operation.STOP_ENTRIES).attempt(ctx());
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).isEqualTo(retryable);
    assertThat(o.detail()).doesNotContain(PASSWORD).doesNotContain(BASIC);
  }
}
