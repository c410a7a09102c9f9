package dev.botwatch.responder.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.common.testing.ManualClock;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.notify.EmailSender;
import dev.botwatch.responder.store.SqlStore;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.work.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily report against a real Prometheus holding a day of a bot's history, sent through
 * GreenMail: the figures PromQL gives, the mail's two parts, label values escaped in the HTML, and
 * the report still going out when Prometheus cannot be reached.
 */
class HealthReportPrometheusTest {
  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir static Path promDir;
  static BackfilledPrometheus prometheus;

  /** The end of the history, on a whole minute: the report time of the day under test. */
  static Instant end;

  @TempDir Path dir;
  Store store;

  @BeforeAll
  static void startPrometheus() throws Exception {
    end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(2));
    prometheus = BackfilledPrometheus.start(promDir, History.of(end));
  }

  @AfterAll
  static void stopPrometheus() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  ResponderConfig config(String prometheusUrl) {
    String at = end.atZone(ZoneOffset.UTC).toLocalTime().toString().substring(0, 5);
    return YamlConfig.parse(
        """
        webhook: {token: {env: HOME}}
        store: {path: %s/r.db}
        bots:
          paper: {control: {base_url: "http://127.0.0.1:1"}}
        notify:
          email: {host: 127.0.0.1, port: %d, security: none, from: botwatch@example.test,
                  to: [ops@example.test]}
        report:
          at: "%s"
          timezone: UTC
          recipients: [ops@example.test, lead@example.test]
          prometheus_url: %s
          prometheus_timeout: 5s
        """
            .formatted(dir, mail.getSmtp().getPort(), at, prometheusUrl),
        ResponderConfig.class,
        "test.yml",
        Map.of());
  }

  /** A daily report on a manual clock 90 s before the report time; the work runs inline. */
  DailyReport daily(ResponderConfig c, ManualClock clock, ManualScheduler scheduler) {
    if (store == null) {
      store = SqlStore.sqlite(c.store().path());
    }
    ActionExecutor executor =
        new ActionExecutor(
            c.limits(), new ResponderMetrics(new PrometheusRegistry()), clock, clock::advance);
    EmailSender email = new EmailSender(c.notifications().email());
    EmailSender to = email.to(c.report().recipientsOr(email.config()));
    ReportBuilder builder =
        new ReportBuilder(
            c,
            store,
            new HttpPrometheus(
                HttpClient.newHttpClient(),
                c.report().prometheusUrl(),
                c.report().prometheusTimeout()),
            clock);
    return new DailyReport(
        c.report(),
        builder,
        n -> new ReportMail(to, n),
        executor,
        false,
        store,
        clock,
        scheduler,
        Runnable::run,
        "test",
        s -> {});
  }

  @Test
  void theReportGoesOutAtItsTimeWithTheFiguresOfTheDay() throws Exception {
    ResponderConfig c = config(prometheus.url);
    ManualClock clock = new ManualClock(end.minusSeconds(90));
    ManualScheduler scheduler = new ManualScheduler(clock);
    daily(c, clock, scheduler).start();
    scheduler.advance(Duration.ofSeconds(89));
    assertThat(mail.getReceivedMessages()).isEmpty(); // inline work: nothing is in flight
    scheduler.advance(Duration.ofSeconds(1));

    MimeMessage[] got = mail.getReceivedMessages();
    assertThat(got).hasSize(2); // one per recipient mailbox
    MimeMessage m = got[0];
    assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString))
        .containsExactly("ops@example.test", "lead@example.test");
    assertThat(m.getSubject())
        .isEqualTo(
            "[botwatch] Health report "
                + end.atZone(ZoneOffset.UTC).toLocalDate()
                + ": 2 bot(s), 0 incident(s)");
    MimeMultipart alt = (MimeMultipart) m.getContent();
    assertThat(alt.getContentType()).startsWith("multipart/alternative");
    BodyPart textPart = alt.getBodyPart(0);
    BodyPart htmlPart = alt.getBodyPart(1);
    assertThat(textPart.getContentType()).startsWith("text/plain");
    assertThat(htmlPart.getContentType()).startsWith("text/html");
    String text = (String) textPart.getContent();
    String html = (String) htmlPart.getContent();

    for (String body : new String[] {text, html}) {
      assertThat(body)
          .contains("95.8") // 1381 of 1441 samples up
          .contains("1,584 trades, 1,440 succeeded, 144 failed, success rate 90.91 %")
          .contains("115.00 USDT (+14.40 in the period)")
          .contains("7.50 USDT")
          .contains("BotApiErrorRateHigh")
          .contains("2 times")
          .contains("still firing")
          .contains("HostCpuHigh");
    }
    // Label values are untrusted: text in the HTML, never markup.
    assertThat(html)
        .contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;")
        .contains("Evil&lt;b&gt;Alert&lt;/b&gt;")
        .doesNotContain("<img src=x")
        .doesNotContain("<b>Alert");
    assertThat(text).contains(History.HOSTILE_BOT).contains(History.HOSTILE_ALERT);

    ActionRecord row = store.actions(null, 10, 0).get(0);
    assertThat(row.status()).isEqualTo(ActionStatus.SUCCESS);
    assertThat(row.step()).isEqualTo("daily-report");
    assertThat(store.reportDays(5))
        .containsExactly(end.atZone(ZoneOffset.UTC).toLocalDate().toString());
  }

  @Test
  void theJsonHasEveryFigureAndTheQueriesBehindThem() throws Exception {
    ResponderConfig c = config(prometheus.url);
    store = SqlStore.sqlite(c.store().path());
    ManualClock clock = new ManualClock(end);
    HealthReport r =
        new ReportBuilder(
                c,
                store,
                new HttpPrometheus(
                    HttpClient.newHttpClient(), prometheus.url, Duration.ofSeconds(5)),
                clock)
            .build(end.minus(Duration.ofHours(24)), end);
    JsonNode j = new ObjectMapper().readTree(new ReportRenderer(ZoneOffset.UTC).json(r));
    assertThat(j.path("prometheus").path("available").asBoolean()).isTrue();
    assertThat(j.path("prometheus").path("queries").path("uptime").asText())
        .isEqualTo("avg by (bot) (avg_over_time(bot_process_up[86400s]))");
    JsonNode paper = j.path("bots").path(0); // configured bots first
    assertThat(paper.path("bot").asText()).isEqualTo("paper");
    assertThat(paper.path("configured").asBoolean()).isTrue();
    assertThat(paper.path("uptime_ratio").asDouble()).isCloseTo(1381.0 / 1441, within(1e-3));
    assertThat(paper.path("trading").path("trades").asDouble()).isCloseTo(1584, within(2.0));
    assertThat(paper.path("trading").path("success_ratio").asDouble())
        .isCloseTo(1440.0 / 1584, within(1e-3));
    JsonNode alert = paper.path("alerts").path(0);
    assertThat(alert.path("alertname").asText()).isEqualTo("BotApiErrorRateHigh");
    assertThat(alert.path("episodes").asInt()).isEqualTo(2);
    // 2 h 30 min of firing, give or take the step and the 5 min lookback after the first ended.
    assertThat(alert.path("firing_seconds").asLong()).isBetween(9000L, 9600L);
    assertThat(alert.path("firing_at_end").asBoolean()).isTrue();
    JsonNode other = j.path("bots").path(1);
    assertThat(other.path("bot").asText()).isEqualTo(History.HOSTILE_BOT);
    assertThat(other.path("configured").asBoolean()).isFalse();
    assertThat(j.path("alerts_without_bot").path(0).path("alertname").asText())
        .isEqualTo("HostCpuHigh");
  }

  @Test
  void withPrometheusUnreachableTheReportStillGoesOutAndSaysSo() throws Exception {
    ResponderConfig c = config("http://127.0.0.1:" + BackfilledPrometheus.freePort());
    ManualClock clock = new ManualClock(end.minusSeconds(1));
    ManualScheduler scheduler = new ManualScheduler(clock);
    daily(c, clock, scheduler).start();
    scheduler.advance(Duration.ofSeconds(1));
    MimeMessage m = mail.getReceivedMessages()[0];
    assertThat(m.getSubject()).endsWith(", Prometheus unavailable");
    String text = (String) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent();
    assertThat(text)
        .contains("PROMETHEUS UNAVAILABLE: unreachable at http://127.0.0.1:")
        .contains("== paper ==")
        .contains("Uptime:   unavailable");
    assertThat(store.actions(null, 1, 0).get(0).status()).isEqualTo(ActionStatus.SUCCESS);
  }
}
