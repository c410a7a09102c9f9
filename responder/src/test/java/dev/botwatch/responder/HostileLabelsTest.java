package dev.botwatch.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.botwatch.common.config.Secret;
import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.action.command.CommandAction;
import dev.botwatch.responder.action.file.RestoreFileAction;
import dev.botwatch.responder.action.http.HttpAction;
import dev.botwatch.responder.action.message.ChatAction;
import dev.botwatch.responder.action.message.EmailAction;
import dev.botwatch.responder.config.ChatWebhookConfig;
import dev.botwatch.responder.config.CommandConfig;
import dev.botwatch.responder.config.ControlApiConfig;
import dev.botwatch.responder.config.EmailConfig;
import dev.botwatch.responder.config.LimitsConfig;
import dev.botwatch.responder.config.RestoreFileConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.notify.ChatWebhookSender;
import dev.botwatch.responder.notify.EmailSender;
import dev.botwatch.responder.template.TextTemplate;
import dev.botwatch.responder.template.UrlTemplate;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.mail.Header;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every templated place with hostile label values, through the real actions and the executor: the
 * step ends {@code refused} or clean with the value safely encoded, never a crash, and the
 * "foreign" server, whose address the values name, receives nothing at all.
 */
class HostileLabelsTest {
  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension foreign =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static GreenMailExtension mail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
          .withPerMethodLifecycle(false);

  /** Where a label lands. */
  enum Place {
    PATH,
    QUERY,
    BODY,
    FILE,
    ARGV,
    EMAIL_SUBJECT,
    CHAT_TEXT
  }

  /** FOREIGN stands for the foreign server's host:port. */
  static final List<String> VALUES =
      List.of(
          "scanner",
          "../",
          "../../admin",
          "..",
          ".",
          "",
          "%2e%2e",
          "%2e%2e%2fadmin",
          "..%2f..%2f",
          "//FOREIGN/",
          "http://FOREIGN/",
          "https://FOREIGN/x?y=1",
          "@FOREIGN",
          "user:pw@FOREIGN",
          "FOREIGN",
          "?x=1",
          "#frag",
          "a/b",
          "a\\b",
          "\r\nBcc: evil@example.test",
          "\nX-Evil: 1",
          "\"",
          "\",\"admin\":\"true",
          "\\\"}",
          "é ☃ 😀",
          "\u0000",
          "a\u0000b",
          "\u202Eevil",
          "-rf",
          "--help",
          "$(id)",
          "`id`",
          "; id",
          "*",
          "{{bot}}",
          "\uD800",
          "x".repeat(5000));

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Place p : Place.values()) {
      for (String v : VALUES) {
        out.add(Arguments.of(p, v));
      }
    }
    return out.stream();
  }

  @TempDir Path dir;
  final PrometheusRegistry registry = new PrometheusRegistry();
  ActionExecutor executor;

  @BeforeEach
  void setUp() throws Exception {
    bot.stubFor(any(anyUrl()).willReturn(ok()));
    foreign.stubFor(any(anyUrl()).willReturn(ok()));
    mail.purgeEmailFromAllMailboxes();
    LimitsConfig limits =
        new LimitsConfig(
            null,
            null,
            null,
            null,
            new LimitsConfig.RetryConfig(
                Duration.ofMillis(10), 2.0, Duration.ofMillis(20), 2, Duration.ofSeconds(5)),
            null);
    executor =
        new ActionExecutor(limits, new ResponderMetrics(registry), Clock.systemUTC(), d -> {});
  }

  @AfterEach
  void nothingReachedTheForeignServer() {
    assertThat(foreign.getAllServeEvents()).isEmpty();
  }

  @ParameterizedTest(name = "{0} [{index}]")
  @MethodSource("cases")
  void refusedOrCleanNeverElsewhere(Place place, String template) throws Exception {
    String value = template.replace("FOREIGN", "127.0.0.1:" + foreign.getPort());
    ActionContext ctx =
        new ActionContext(
            "paper",
            Map.of("component", value, "alertname", "BotComponentDown"),
            Map.of("summary", "test"),
            Instant.now().plusSeconds(10));
    Action action = action(place);
    Map<Path, String> before = snapshot();

    Outcome o = executor.run(action, ctx, false);

    assertThat(o.status()).as(o.detail()).isIn(Outcome.Status.SUCCESS, Outcome.Status.REFUSED);
    if (o.status() == Outcome.Status.REFUSED) {
      assertThat(o.detail()).startsWith("refused: ");
      assertThat(o.retryable()).isFalse();
      // Never counted as a call: no breaker was even created for the target.
      assertThat(executor.breakerStates()).doesNotContainKey(action.target());
      assertThat(bot.getAllServeEvents()).isEmpty();
      assertThat(mail.getReceivedMessages()).isEmpty();
      assertThat(snapshot()).isEqualTo(before);
      return;
    }
    clean(place, value, o);
  }

  Action action(Place place) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    return switch (place) {
      case PATH -> http(http, "/components/{{component}}/restart", null);
      case QUERY -> http(http, "/restart?component={{component}}&by=botwatch", null);
      case BODY -> http(http, "/control/restart-component", "{\"component\": \"{{component}}\"}");
      case FILE -> {
        Files.createDirectories(dir.resolve("bots/paper"));
        Files.writeString(dir.resolve("bots/paper/scanner.json"), "broken");
        Files.createDirectories(dir.resolve("good"));
        Files.writeString(dir.resolve("good/scanner.json"), "{\"ok\": true}");
        Files.writeString(dir.resolve("outside.json"), "keep me");
        yield new RestoreFileAction(
            new RestoreFileConfig(
                dir + "/bots/{{bot}}/{{component}}.json",
                dir + "/good/{{component}}.json",
                dir + "/backups",
                RestoreFileConfig.Format.JSON));
      }
      case ARGV ->
          new CommandAction(
              new CommandConfig(
                  List.of("/bin/echo", "{{component}}"),
                  Duration.ofSeconds(5),
                  null,
                  null,
                  null,
                  null));
      case EMAIL_SUBJECT ->
          new EmailAction(
              new EmailSender(
                  new EmailConfig(
                      "127.0.0.1",
                      mail.getSmtp().getPort(),
                      EmailConfig.Security.NONE,
                      null,
                      null,
                      "botwatch@example.test",
                      List.of("ops@example.test"),
                      Duration.ofSeconds(5),
                      Duration.ofSeconds(5),
                      Duration.ofSeconds(5),
                      null,
                      null)),
              "[botwatch] {{component}} on {{bot}}",
              "component: {{component}}\n");
      case CHAT_TEXT -> {
        Path url =
            Files.writeString(dir.resolve("chat.url"), bot.baseUrl() + "/hooks/T0/B0/chat-token");
        yield new ChatAction(
            new ChatWebhookSender(
                new ChatWebhookConfig(
                    new Secret(url.toString(), null),
                    ChatWebhookConfig.Format.SLACK,
                    Duration.ofSeconds(5))),
            "{{component}} on {{bot}}");
      }
    };
  }

  static HttpAction http(HttpClient http, String path, String body) {
    ControlApiConfig api =
        new ControlApiConfig(
            bot.baseUrl() + "/api",
            null,
            Duration.ofSeconds(2),
            Map.of("act", new ControlApiConfig.EndpointConfig(path, "POST", body)));
    return new HttpAction(http, api, "bot-token", "act", null, Instant::now);
  }

  void clean(Place place, String value, Outcome o) throws Exception {
    switch (place) {
      case PATH -> {
        LoggedRequest r = onlyRequest();
        assertThat(r.getUrl())
            .isEqualTo("/api/components/" + UrlTemplate.encode(value) + "/restart");
        assertThat(o.detail())
            .doesNotContain("?")
            .endsWith("(" + java.net.URI.create(bot.baseUrl()).getAuthority() + ")");
      }
      case QUERY -> {
        LoggedRequest r = onlyRequest();
        assertThat(r.getUrl()).startsWith("/api/restart?");
        assertThat(r.getQueryParams().keySet()).containsExactlyInAnyOrder("component", "by");
        assertThat(r.queryParameter("component").firstValue()).isEqualTo(value);
        assertThat(r.queryParameter("by").firstValue()).isEqualTo("botwatch");
        assertThat(o.detail()).startsWith("POST /api/restart -> 200").doesNotContain("?");
      }
      case BODY -> {
        JsonNode sent = new ObjectMapper().readTree(onlyRequest().getBodyAsString());
        assertThat(sent.size()).isEqualTo(1);
        assertThat(sent.get("component").textValue()).isEqualTo(value);
      }
      case FILE -> {
        assertThat(value).isEqualTo("scanner");
        assertThat(dir.resolve("bots/paper/scanner.json")).hasContent("{\"ok\": true}");
        assertThat(dir.resolve("outside.json")).hasContent("keep me");
      }
      case ARGV -> assertThat(o.detail()).endsWith("stdout: " + value);
      case EMAIL_SUBJECT -> {
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(m.getSubject())
            .isEqualTo("[botwatch] " + TextTemplate.value(value) + " on paper")
            .doesNotContain("\r", "\n");
        List<String> headers = new ArrayList<>();
        for (Header hd : Collections.list(m.getAllHeaders())) {
          headers.add(hd.getName());
        }
        assertThat(headers).doesNotContain("Bcc", "X-Evil");
        assertThat(m.getAllRecipients())
            .extracting(Object::toString)
            .containsExactly("ops@example.test");
      }
      case CHAT_TEXT -> {
        JsonNode sent = new ObjectMapper().readTree(onlyRequest().getBodyAsString());
        assertThat(sent.size()).isEqualTo(1);
        assertThat(sent.get("text").textValue())
            .isEqualTo(
                (TextTemplate.value(value) + " on paper")
                    .replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;"))
            .doesNotContain("\r", "\n");
      }
    }
  }

  static LoggedRequest onlyRequest() {
    List<LoggedRequest> all = bot.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  /** Every file under the temp dir with its content: a refused step changes none of them. */
  Map<Path, String> snapshot() throws Exception {
    Map<Path, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        out.put(dir.relativize(p), Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
      }
    }
    return out;
  }
}
