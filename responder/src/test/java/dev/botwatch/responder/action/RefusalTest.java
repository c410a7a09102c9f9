package dev.botwatch.responder.action;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.botwatch.responder.action.http.HttpAction;
import dev.botwatch.responder.config.ControlApiConfig;
import dev.botwatch.responder.config.LimitsConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A refused step is decided before the executor's breaker, retries and dry-run: nothing is called,
 * nothing counts as a call, and a dry run shows the refusal it would meet.
 */
class RefusalTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final PrometheusRegistry registry = new PrometheusRegistry();
  final ActionExecutor executor =
      new ActionExecutor(
          new LimitsConfig(null, null, null, null, null, new LimitsConfig.BreakerConfig(2, null)),
          new ResponderMetrics(registry),
          Clock.systemUTC(),
          d -> {});

  HttpAction action() {
    bot.stubFor(any(anyUrl()).willReturn(ok()));
    return new HttpAction(
        HttpClient.newHttpClient(),
        new ControlApiConfig(
            bot.baseUrl(),
            null,
            Duration.ofSeconds(2),
            Map.of("x", new ControlApiConfig.EndpointConfig("/c/{{component}}", "POST", null))),
        null,
        "x",
        null,
        Instant::now);
  }

  static ActionContext ctx(String component) {
    return new ActionContext(
        "paper", Map.of("component", component), Map.of(), Instant.now().plusSeconds(5));
  }

  @Test
  void refusalsNeverOpenTheBreakerNorBlockTheNextGoodCall() {
    HttpAction a = action();
    for (int i = 0; i < 10; i++) {
      Outcome o = executor.run(a, ctx(".."), false);
      assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
      assertThat(o.retryable()).isFalse();
      assertThat(o.ok()).isFalse();
    }
    assertThat(executor.breakerStates()).isEmpty();
    assertThat(bot.getAllServeEvents()).isEmpty();

    assertThat(executor.run(a, ctx("scanner"), false).status()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(executor.breakerStates()).containsEntry(a.target(), "closed");
  }

  @Test
  void aDryRunShowsTheRefusalItWouldMeet() {
    HttpAction a = action();

    Outcome o = executor.run(a, ctx("."), true);

    assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
    assertThat(o.detail())
        .isEqualTo(
            "refused: label component=\".\" cannot be used in a URL path segment: the segment"
                + " would be '.'; x was not sent to "
                + a.target()
                + " (POST)");
    assertThat(executor.run(a, ctx("ok"), true).status()).isEqualTo(Outcome.Status.DRY_RUN);
    assertThat(bot.getAllServeEvents()).isEmpty();
  }

  @Test
  void theDetailNamesOriginAndPathButNeverTheQuery() {
    bot.stubFor(any(anyUrl()).willReturn(ok()));
    HttpAction a =
        new HttpAction(
            HttpClient.newHttpClient(),
            new ControlApiConfig(
                bot.baseUrl() + "/api",
                null,
                Duration.ofSeconds(2),
                Map.of(
                    "x",
                    new ControlApiConfig.EndpointConfig(
                        "/c/{{component}}?key={{secretish}}", "PUT", null))),
            null,
            "x",
            null,
            Instant::now);

    Outcome o =
        a.attempt(
            new ActionContext(
                "paper",
                Map.of("component", "a b", "secretish", "hunter2"),
                Map.of(),
                Instant.now().plusSeconds(5)));

    assertThat(o.detail()).isEqualTo("PUT /api/c/a%20b -> 200 (" + a.target() + ")");
    assertThat(bot.getAllServeEvents().get(0).getRequest().getUrl())
        .isEqualTo("/api/c/a%20b?key=hunter2");
  }
}
