package dev.botwatch.exporter.collect.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.testing.GoldenFiles;
import dev.botwatch.exporter.TestText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FreqtradeCollectorTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @TempDir Path dir;
  FreqtradeSource source;

  @BeforeEach
  void stubEveryEndpointWithRealisticFixtures() throws Exception {
    Path pw = Files.writeString(dir.resolve("ft-password"), "hunter2-ft\n");
    source =
        new FreqtradeSource(
            "http://127.0.0.1:" + wm.getPort() + "/",
            "botwatch",
            new Secret(pw.toString(), null),
            Duration.ofSeconds(2));
    for (String ep : FreqtradeCollector.ENDPOINTS.keySet()) {
      wm.stubFor(
          get(urlPathEqualTo("/api/v1/" + ep))
              .withBasicAuth("botwatch", "hunter2-ft")
              .willReturn(okJson(fixture(ep))));
    }
  }

  static String fixture(String endpoint) throws Exception {
    return Files.readString(Path.of("src/test/resources/source/freqtrade/" + endpoint + ".json"));
  }

  FreqtradeCollector collector() {
    return new FreqtradeCollector(Map.of("paper", source));
  }

  @Test
  void goldenHappyPath() throws Exception {
    String text = TestText.of(collector().collect());
    assertThat(text)
        .contains("bot_trades_total{bot=\"paper\",outcome=\"success\"} 17.0")
        .contains("bot_open_positions{bot=\"paper\"} 1.0") // trade 26 is an unfilled entry
        .contains("bot_open_entry_orders{bot=\"paper\"} 1.0")
        .contains("bot_symbols_on_probation{bot=\"paper\"} 2.0") // XRP locked twice, DOGE once
        .contains("bot_balance{bot=\"paper\",currency=\"ETH\"} NaN");
    wm.verify(getRequestedFor(urlEqualTo("/api/v1/daily?timescale=1")));
    GoldenFiles.assertMatches(Path.of("src/test/resources/source/golden/freqtrade.prom"), text);
  }

  @Test
  void rateLimitedPollKeepsTheLastValuesAndIsNoFailure() throws Exception {
    var c = collector();
    String before = TestText.of(c.collect());
    wm.stubFor(get(urlPathEqualTo("/api/v1/profit")).willReturn(aResponse().withStatus(429)));
    assertThat(TestText.of(c.collect())).isEqualTo(before);
  }

  @Test
  void unauthorizedFailsTheRunWithoutLeakingThePassword() {
    wm.stubFor(
        get(anyUrl())
            .atPriority(1)
            .willReturn(aResponse().withStatus(401).withBody("{\"detail\":\"Unauthorized\"}")));
    assertThatThrownBy(() -> collector().collect())
        .hasMessageContaining("paper (HTTP 401)")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anUnreachableBotKeepsOnlyItsLastHeartbeatSoStalenessShows() throws Exception {
    var c = collector();
    c.collect();
    wm.stubFor(get(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)));
    String text = TestText.of(c.collect());
    assertThat(text)
        .contains(
            "bot_heartbeat_timestamp_seconds{bot=\"paper\",component=\"freqtrade\"} 1.767225605E9")
        .doesNotContain("bot_open_positions")
        .doesNotContain("bot_trading_state");
  }

  @Test
  void aHangingBotCostsOneTimeoutAndDoesNotHoldUpTheOthers() throws Exception {
    try (java.net.ServerSocket hang =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      // the backlog accepts the connections; nobody ever answers them
      var hanging =
          new FreqtradeSource(
              "http://127.0.0.1:" + hang.getLocalPort(), null, null, Duration.ofMillis(800));
      long t0 = System.nanoTime();
      var both = new java.util.LinkedHashMap<String, FreqtradeSource>();
      both.put("stuck", hanging);
      both.put("paper", source);
      String text = TestText.of(new FreqtradeCollector(both).collect());
      double took = (System.nanoTime() - t0) / 1e9;
      assertThat(took).isLessThan(4.0); // sequential would be 7 x 0.8 s: one timeout, not seven
      assertThat(text).contains("bot_open_positions{bot=\"paper\"} 1.0").doesNotContain("stuck");
    }
  }

  @Test
  void endpointsAnOlderFreqtradeLacksAreLeftOut() throws Exception {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/health"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(404)));
    String text = TestText.of(collector().collect());
    assertThat(text)
        .contains("bot_open_positions")
        .doesNotContain("bot_heartbeat_timestamp_seconds");
  }

  @Test
  void nullsBecomeNaNAndUnlimitedMaxIsInfinity() throws Exception {
    ObjectMapper m = new ObjectMapper();
    MetricsOut out = new MetricsOut();
    FreqtradeMetrics.export(
        "ft",
        Map.of(
            "show_config",
                m.readTree(
                    "{\"max_open_trades\": -1, \"state\": \"stopbuy\", \"stake_currency\": \"BTC\"}"),
            "profit",
                m.readTree(
                    "{\"winning_trades\": null, \"losing_trades\": 2, \"profit_all_coin\": null}"),
            "daily", m.readTree("{\"data\": [{\"date\": \"2027-01-01\", \"abs_profit\": null}]}"),
            "health", m.readTree("{\"last_process\": null, \"last_process_ts\": null}"),
            "status", m.readTree("[]")),
        out);
    String text = TestText.of(out.build());
    assertThat(text)
        .contains("bot_max_positions{bot=\"ft\"} +Inf")
        .contains("bot_pnl{bot=\"ft\",currency=\"BTC\",period=\"total\"} NaN")
        .contains("bot_pnl{bot=\"ft\",currency=\"BTC\",period=\"daily\"} NaN")
        .contains("bot_heartbeat_timestamp_seconds{bot=\"ft\",component=\"freqtrade\"} NaN")
        .contains("bot_trading_state{bot=\"ft\",state=\"paused\"} 1.0")
        .contains("bot_trades_total{bot=\"ft\",outcome=\"failure\"} 2.0")
        .contains("bot_open_positions{bot=\"ft\"} 0.0")
        .doesNotContain("outcome=\"success\""); // never a NaN counter
  }

  @TestFactory
  Stream<DynamicTest> tradingStates() {
    String[][] cases = {
      {"running", "running"},
      {"RUNNING", "running"},
      {"paused", "paused"},
      {"stopbuy", "paused"},
      {"stopped", "stopped"},
      {"reload_config", "unknown"},
    };
    return Arrays.stream(cases)
        .map(
            c ->
                dynamicTest(
                    c[0], () -> assertThat(FreqtradeMetrics.tradingState(c[0])).isEqualTo(c[1])));
  }
}
