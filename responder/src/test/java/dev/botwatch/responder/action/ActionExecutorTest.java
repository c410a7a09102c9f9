package dev.botwatch.responder.action;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.botwatch.responder.action.http.HttpAction;
import dev.botwatch.responder.config.ControlApiConfig;
import dev.botwatch.responder.config.LimitsConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one executor against WireMock as the bot: retryable vs permanent, deadline, breaker. */
class ActionExecutorTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String TOKEN = "bot-tok-3f9a1c";
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final ResponderMetrics metrics = new ResponderMetrics(new PrometheusRegistry());
  final List<Duration> sleeps = new ArrayList<>();

  ActionExecutor executor(int attempts, Duration deadline, int breakerFailures) {
    LimitsConfig limits =
        new LimitsConfig(
            null,
            null,
            null,
            null,
            new LimitsConfig.RetryConfig(
                Duration.ofMillis(10), 2.0, Duration.ofMillis(40), attempts, deadline),
            new LimitsConfig.BreakerConfig(breakerFailures, Duration.ofMinutes(1)));
    return new ActionExecutor(
        limits,
        metrics,
        Clock.systemUTC(),
        d -> {
          sleeps.add(d);
          Thread.sleep(d.toMillis());
        });
  }

  HttpAction action(String name, Duration timeout) {
    return new HttpAction(
        client,
        new ControlApiConfig(bot.baseUrl(), null, timeout, Map.of()),
        TOKEN,
        name,
        null,
        Instant::now);
  }

  static ActionContext ctx(Duration deadline) {
    return new ActionContext("paper", Map.of(), Map.of(), Instant.now().plus(deadline));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "500 three times, 500, FAILURE, true, 3",
    "503, 503, FAILURE, true, 3",
    "429 rate limited, 429, FAILURE, true, 3",
    "404 not there, 404, FAILURE, false, 1",
    "400 bad request, 400, FAILURE, false, 1",
    "204 done, 204, SUCCESS, false, 1",
  })
  void statusDecidesRetry(
      String name, int status, Outcome.Status want, boolean retryable, int calls) {
    bot.stubFor(post(urlEqualTo("/control/x")).willReturn(aResponse().withStatus(status)));
    Outcome o =
        executor(3, Duration.ofSeconds(5), 100)
            .run(action("x", Duration.ofSeconds(1)), ctx(Duration.ofSeconds(5)), false);
    assertThat(o.status()).isEqualTo(want);
    assertThat(o.retryable()).isEqualTo(retryable);
    assertThat(o.detail()).contains("POST /control/x -> " + status).doesNotContain(TOKEN);
    bot.verify(calls, postRequestedFor(urlEqualTo("/control/x")));
  }

  @Test
  void backoffGrowsExponentiallyUpToTheCap() {
    bot.stubFor(post(urlEqualTo("/control/x")).willReturn(serverError()));
    executor(5, Duration.ofSeconds(5), 100)
        .run(action("x", Duration.ofSeconds(1)), ctx(Duration.ofSeconds(5)), false);
    assertThat(sleeps)
        .containsExactly(
            Duration.ofMillis(10),
            Duration.ofMillis(20),
            Duration.ofMillis(40),
            Duration.ofMillis(40));
  }

  @Test
  void connectionResetIsRetriedAndTheBotRecoversOnTheSecondTry() {
    bot.stubFor(
        post(urlEqualTo("/control/reset-connections"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("up"));
    bot.stubFor(
        post(urlEqualTo("/control/reset-connections"))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(ok()));
    Outcome o =
        executor(4, Duration.ofSeconds(5), 100)
            .run(
                action("reset-connections", Duration.ofSeconds(1)),
                ctx(Duration.ofSeconds(5)),
                false);
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(o.detail()).contains("after 2 attempts");
    bot.verify(2, postRequestedFor(urlEqualTo("/control/reset-connections")));
  }

  @Test
  void aDelayPastTheDeadlineStopsRetryingAtTheDeadline() {
    bot.stubFor(post(urlEqualTo("/control/slow")).willReturn(ok().withFixedDelay(2_000)));
    long t0 = System.nanoTime();
    Outcome o =
        executor(10, Duration.ofMillis(700), 100)
            .run(action("slow", Duration.ofSeconds(5)), ctx(Duration.ofMillis(700)), false);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).isTrue();
    assertThat(o.detail()).contains("timed out");
    // The per-request timeout shrinks to what is left of the deadline: one call, not ten.
    bot.verify(1, postRequestedFor(urlEqualTo("/control/slow")));
    assertThat(ms).isLessThan(1_900);
  }

  @Test
  void aSingleAttemptActionIsNotRetriedAfterATimeout() {
    bot.stubFor(post(urlEqualTo("/control/liquidate")).willReturn(ok().withFixedDelay(1_500)));
    Outcome o =
        executor(4, Duration.ofSeconds(5), 100)
            .run(action("liquidate", Duration.ofMillis(300)), ctx(Duration.ofSeconds(5)), false, 1);
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.detail()).contains("not retried");
    bot.verify(1, postRequestedFor(urlEqualTo("/control/liquidate")));
  }

  @Test
  void connectionRefusedIsRetryableAndNamesNoSecret() {
    HttpAction dead =
        new HttpAction(
            client,
            new ControlApiConfig("http://127.0.0.1:1", null, Duration.ofSeconds(1), Map.of()),
            TOKEN,
            "x",
            null,
            Instant::now);
    Outcome o =
        executor(2, Duration.ofSeconds(3), 100).run(dead, ctx(Duration.ofSeconds(3)), false);
    assertThat(o.retryable()).isTrue();
    assertThat(o.detail()).contains("could not connect").doesNotContain(TOKEN);
  }

  @Test
  void theBreakerOpensPerTargetAndSkipsCalls() {
    bot.stubFor(post(urlEqualTo("/control/x")).willReturn(serverError()));
    ActionExecutor ex = executor(1, Duration.ofSeconds(5), 3);
    for (int i = 0; i < 3; i++) {
      assertThat(
              ex.run(action("x", Duration.ofSeconds(1)), ctx(Duration.ofSeconds(5)), false)
                  .status())
          .isEqualTo(Outcome.Status.FAILURE);
    }
    Outcome o = ex.run(action("x", Duration.ofSeconds(1)), ctx(Duration.ofSeconds(5)), false);
    assertThat(o.status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(o.detail()).contains("circuit open");
    bot.verify(3, postRequestedFor(urlEqualTo("/control/x")));
    assertThat(ex.breakerStates()).containsValue("open");
    assertThat(metrics.circuitOpen.labelValues(action("x", Duration.ofSeconds(1)).target()).get())
        .isEqualTo(1.0);
  }

  @Test
  void anOpenBreakerNeverSkipsAnEmergencyStep() {
    bot.stubFor(post(urlEqualTo("/control/x")).willReturn(serverError()));
    ActionExecutor ex = executor(2, Duration.ofSeconds(5), 1);
    HttpAction a = action("x", Duration.ofSeconds(1));
    Outcome recovery = ex.run(a, ctx(Duration.ofSeconds(5)), false);
    assertThat(recovery.detail()).contains("circuit opened");
    assertThat(ex.run(a, ctx(Duration.ofSeconds(5)), false).status())
        .isEqualTo(Outcome.Status.SKIPPED);
    bot.verify(1, postRequestedFor(urlEqualTo("/control/x")));
    // The breaker is open; an emergency step is still attempted, every retry of it too.
    Outcome emergency =
        ex.run(a, ctx(Duration.ofSeconds(5)), false, 2, ActionExecutor.Urgency.EMERGENCY);
    assertThat(emergency.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(emergency.detail()).contains("after 2 attempts");
    bot.verify(3, postRequestedFor(urlEqualTo("/control/x")));
    assertThat(ex.breakerStates()).containsValue("open");
  }

  @Test
  void dryRunCallsNothing() {
    AtomicInteger calls = new AtomicInteger();
    Action fake =
        new Action() {
          public String kind() {
            return "fake";
          }

          public String target() {
            return "t";
          }

          public String describe(ActionContext c) {
            return "poke the bot";
          }

          public Outcome attempt(ActionContext c) {
            calls.incrementAndGet();
            return Outcome.success("poked");
          }
        };
    Outcome o = executor(3, Duration.ofSeconds(1), 3).run(fake, ctx(Duration.ofSeconds(1)), true);
    assertThat(o.status()).isEqualTo(Outcome.Status.DRY_RUN);
    assertThat(o.detail()).contains("poke the bot");
    assertThat(calls).hasValue(0);
  }

  @Test
  void aThrowingActionBecomesAPermanentFailure() {
    Action bad =
        new Action() {
          public String kind() {
            return "bad";
          }

          public String target() {
            return "t2";
          }

          public String describe(ActionContext c) {
            return "";
          }

          public Outcome attempt(ActionContext c) {
            throw new IllegalStateException("bug");
          }
        };
    Outcome o = executor(3, Duration.ofSeconds(1), 3).run(bad, ctx(Duration.ofSeconds(1)), false);
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).isFalse();
  }
}
