package dev.botwatch.responder.action.http;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.config.ControlApiConfig;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The request an http step sends: mapped endpoint, templated path and body, bearer token. */
class HttpActionTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Test
  void aMappedEndpointIsCalledWithItsMethodTemplatedPathBodyAndToken() {
    bot.stubFor(put(urlEqualTo("/admin/paper/components/scanner")).willReturn(ok()));
    ControlApiConfig api =
        new ControlApiConfig(
            bot.baseUrl() + "/admin",
            null,
            Duration.ofSeconds(2),
            Map.of(
                "restart-component",
                new ControlApiConfig.EndpointConfig(
                    "/{{bot}}/components/{{component}}",
                    "PUT",
                    "{\"component\": \"{{component}}\", \"why\": \"{{alertname}}\", \"x\": \"{{missing}}\"}")));
    HttpAction a =
        new HttpAction(
            HttpClient.newHttpClient(), api, "tok-77", "restart-component", null, Instant::now);
    ActionContext ctx =
        new ActionContext(
            "paper",
            Map.of("component", "scanner", "alertname", "BotComponentDown"),
            Map.of(),
            Instant.now().plusSeconds(5));
    assertThat(a.describe(ctx))
        .isEqualTo(
            "PUT /admin/paper/components/scanner on localhost:"
                + bot.getPort()
                + " (restart-component)");
    Outcome o = a.attempt(ctx);
    assertThat(o.ok()).isTrue();
    bot.verify(
        putRequestedFor(urlEqualTo("/admin/paper/components/scanner"))
            .withHeader("Authorization", equalTo("Bearer tok-77"))
            .withRequestBody(
                equalToJson(
                    "{\"component\": \"scanner\", \"why\": \"BotComponentDown\", \"x\": \"\"}")));
    assertThat(a.target()).isEqualTo("localhost:" + bot.getPort());
  }

  @Test
  void aPassedDeadlineMakesNoCall() {
    HttpAction a =
        new HttpAction(
            HttpClient.newHttpClient(),
            new ControlApiConfig(bot.baseUrl(), null, Duration.ofSeconds(2), Map.of()),
            null,
            "resume",
            null,
            Instant::now);
    Outcome o =
        a.attempt(new ActionContext("paper", Map.of(), Map.of(), Instant.now().minusSeconds(1)));
    assertThat(o.retryable()).isTrue();
    assertThat(bot.getAllServeEvents()).isEmpty();
  }
}
