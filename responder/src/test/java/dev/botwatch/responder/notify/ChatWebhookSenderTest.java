package dev.botwatch.responder.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.botwatch.common.config.Secret;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.action.message.ChatAction;
import dev.botwatch.responder.config.ChatWebhookConfig;
import dev.botwatch.responder.config.ChatWebhookConfig.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatWebhookSenderTest {
  // Slack's shape: the token is the last path segment; whoever has the URL can post.
  static final String TOKEN = "XyZsecretTOKEN123";
  static final String PATH = "/services/T000/B000/" + TOKEN;

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path dir;

  ChatWebhookSender sender(Format format, Duration timeout) throws IOException {
    Path file = Files.writeString(dir.resolve("url"), "http://127.0.0.1:" + wm.getPort() + PATH);
    return new ChatWebhookSender(
        new ChatWebhookConfig(new Secret(file.toString(), null), format, timeout));
  }

  @Test
  void slackGetsText() throws IOException {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));

    Outcome o = sender(Format.SLACK, Duration.ofSeconds(5)).send("BotDown on \"paper\"\nline 2");

    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(o.detail()).isEqualTo("slack webhook 127.0.0.1 answered 200");
    wm.verify(
        exactly(1),
        postRequestedFor(urlEqualTo(PATH))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson("{\"text\": \"BotDown on \\\"paper\\\"\\nline 2\"}")));
  }

  @Test
  void discordGetsContentAndNoMentions() throws IOException {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(204)));

    Outcome o = sender(Format.DISCORD, Duration.ofSeconds(5)).send("@everyone BotDown");

    assertThat(o.ok()).as(o.detail()).isTrue();
    wm.verify(
        exactly(1),
        postRequestedFor(urlEqualTo(PATH))
            .withRequestBody(
                equalToJson(
                    "{\"content\": \"@everyone BotDown\", \"allowed_mentions\": {\"parse\": []}}")));
  }

  @Test
  void discordContentIsCutTo2000Chars() throws Exception {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(204)));

    sender(Format.DISCORD, Duration.ofSeconds(5)).send("x".repeat(1998) + "😀😀tail");

    JsonNode sent =
        new ObjectMapper().readTree(wm.getAllServeEvents().get(0).getRequest().getBodyAsString());
    String content = sent.get("content").asText();
    assertThat(content).hasSize(1998 + 1).endsWith("x…"); // the emoji pair is not split
    assertThat(ChatWebhookSender.truncate("x".repeat(2000), 2000)).hasSize(2000);
    assertThat(ChatWebhookSender.truncate("x".repeat(2001), 2000)).hasSize(2000).endsWith("x…");
  }

  @ParameterizedTest(name = "{0} -> retryable={1}")
  @CsvSource({
    "429, true",
    "500, true",
    "502, true",
    "503, true",
    "400, false",
    "403, false",
    "404, false",
    "410, false"
  })
  void statusDecidesRetry(int status, boolean retryable) throws IOException {
    // Some services echo the request path in their error text: it must not reach the detail.
    wm.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Retry-After", "7")
                    .withBody("no_service for " + PATH)));

    Outcome o = sender(Format.SLACK, Duration.ofSeconds(5)).send("hi");

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).as(o.detail()).isEqualTo(retryable);
    assertThat(o.detail())
        .startsWith("slack webhook 127.0.0.1 answered " + status + ": no_service");
    assertThat(o.detail()).doesNotContain(TOKEN);
    if (status == 429) {
      assertThat(o.detail()).endsWith("(Retry-After 7)");
    }
  }

  @Test
  void slowHookTimesOutRetryably() throws IOException {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
    long t0 = System.nanoTime();

    Outcome o = sender(Format.SLACK, Duration.ofMillis(300)).send("hi");

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
    assertThat(o.retryable()).isTrue();
    assertThat(o.detail()).isEqualTo("slack webhook 127.0.0.1 timed out after 300 ms");
  }

  @Test
  void theExecutorsDeadlineCutsTheTimeout() throws IOException {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
    ChatAction action = new ChatAction(sender(Format.SLACK, Duration.ofSeconds(30)), "hi");
    ActionContext soon =
        new ActionContext("paper", Map.of(), Map.of(), Instant.now().plusMillis(400));
    long t0 = System.nanoTime();

    Outcome o = action.attempt(soon);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
    assertThat(o.retryable()).isTrue();
    assertThat(o.detail()).matches("slack webhook 127.0.0.1 timed out after \\d{1,3} ms");
  }

  @Test
  void connectionResetIsRetryable() throws IOException {
    wm.stubFor(
        post(urlEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    Outcome o = sender(Format.SLACK, Duration.ofSeconds(5)).send("hi");

    assertThat(o.retryable()).as(o.detail()).isTrue();
    assertThat(o.detail()).startsWith("slack webhook 127.0.0.1 i/o error").doesNotContain(TOKEN);
  }

  @Test
  void targetAndDescribeShowTheHostOnly() throws IOException {
    ChatAction action = new ChatAction(sender(Format.SLACK, Duration.ofSeconds(5)), "{{bot}} down");
    ActionContext ctx = new ActionContext("paper", Map.of(), Map.of(), Instant.now());

    assertThat(action.kind()).isEqualTo("webhook");
    assertThat(action.target()).isEqualTo("127.0.0.1");
    assertThat(action.describe(ctx)).isEqualTo("post a slack message (10 chars) to 127.0.0.1");
  }

  @Test
  void chatActionPostsTheRenderedTemplate() throws IOException {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
    ChatAction action =
        new ChatAction(sender(Format.SLACK, Duration.ofSeconds(5)), "{{alertname}} on {{bot}}");
    ActionContext ctx =
        new ActionContext("paper", Map.of("alertname", "BotDown"), Map.of(), Instant.now());

    assertThat(action.attempt(ctx).ok()).isTrue();

    wm.verify(
        postRequestedFor(urlEqualTo(PATH))
            .withRequestBody(equalToJson("{\"text\": \"BotDown on paper\"}")));
  }

  @Test
  void aBadUrlIsRejectedWithoutQuotingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("url"), "ftp://hooks.example/" + TOKEN);
    ChatWebhookConfig c =
        new ChatWebhookConfig(new Secret(file.toString(), null), Format.SLACK, null);
    Path file2 = Files.writeString(dir.resolve("url2"), "http://exa mple/" + TOKEN);
    ChatWebhookConfig c2 =
        new ChatWebhookConfig(new Secret(file2.toString(), null), Format.SLACK, null);

    assertThatThrownBy(() -> new ChatWebhookSender(c))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining(TOKEN)
        .hasMessageContaining("must be an http(s) URL");
    assertThatThrownBy(() -> new ChatWebhookSender(c2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining(TOKEN)
        .hasMessageContaining("is not a URL");
  }

  @Test
  void slackMarkupInTheTextIsEscapedSoNobodyIsPingedOrMisled() throws IOException {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)));

    sender(Format.SLACK, Duration.ofSeconds(5)).send("<!channel> <http://evil|docs> & more");

    wm.verify(
        postRequestedFor(urlEqualTo(PATH))
            .withRequestBody(
                equalToJson(
                    "{\"text\": \"&lt;!channel&gt; &lt;http://evil|docs&gt; &amp; more\"}")));
  }
}
