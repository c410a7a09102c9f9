package dev.botwatch.responder.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.common.testing.ManualClock;
import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.model.ActionRecord;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.notify.Notice;
import dev.botwatch.responder.store.SqlStore;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.work.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the daily report goes out, on a manual clock: its time, its zone, once a day. */
class DailyReportTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T05:59:00Z"));
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final List<Notice> sent = new ArrayList<>();
  final List<Store> stores = new ArrayList<>();
  Outcome answer = Outcome.success("sent");

  @AfterEach
  void close() {
    stores.forEach(Store::close);
  }

  ResponderConfig config() {
    return YamlConfig.parse(
        """
        webhook: {token: {env: HOME}}
        store: {path: %s/r.db}
        bots:
          paper: {control: {base_url: "http://127.0.0.1:1"}}
        notify:
          email: {host: 127.0.0.1, port: 1, security: none, from: b@example.test,
                  to: [ops@example.test]}
        report: {at: "07:00", timezone: Europe/Berlin, prometheus_url: "http://127.0.0.1:1"}
        """
            .formatted(dir),
        ResponderConfig.class,
        "test.yml",
        Map.of());
  }

  /** A responder's daily report on the shared store; its work runs inline, its mail recorded. */
  DailyReport responder() {
    return responder(
        n ->
            new Action() {
              @Override
              public String kind() {
                return "email";
              }

              @Override
              public String target() {
                return "smtp:test";
              }

              @Override
              public String describe(ActionContext ctx) {
                return n.subject();
              }

              @Override
              public Outcome attempt(ActionContext ctx) {
                sent.add(n);
                return answer;
              }
            });
  }

  DailyReport responder(Function<Notice, Action> mail) {
    ResponderConfig c = config();
    Store store = SqlStore.sqlite(c.store().path());
    stores.add(store);
    ActionExecutor executor =
        new ActionExecutor(
            c.limits(), new ResponderMetrics(new PrometheusRegistry()), clock, clock::advance);
    // Prometheus is left out: this test is about time; the Prometheus test is about figures.
    ReportBuilder builder = new ReportBuilder(c, store, null, clock);
    DailyReport d =
        new DailyReport(
            c.report(),
            builder,
            mail,
            executor,
            false,
            store,
            clock,
            scheduler,
            Runnable::run,
            "test",
            s -> {});
    d.start();
    return d;
  }

  Store store() {
    return stores.get(0);
  }

  @Test
  void goesOutAtItsTimeInItsZoneCoveringTheDayBefore() {
    responder();
    scheduler.advance(Duration.ofSeconds(59)); // 06:59:59 in Berlin
    assertThat(sent).isEmpty();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).subject()).startsWith("[botwatch] Health report 2026-11-22: 1 bot(s)");
    assertThat(sent.get(0).body())
        .contains("2026-11-21 07:00 CET to 2026-11-22 07:00 CET (24 h)")
        .contains("PROMETHEUS UNAVAILABLE: not configured");
    scheduler.advance(Duration.ofDays(1));
    assertThat(sent).hasSize(2);
    assertThat(store().reportDays(5)).containsExactly("2026-11-23", "2026-11-22");
  }

  @Test
  void theDayTheClocksGoForwardHasTwentyThreeHours() {
    clock.set(Instant.parse("2026-03-29T04:00:00Z"));
    responder();
    scheduler.advance(Duration.ofHours(1)); // 07:00 CEST is 05:00 UTC
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).body()).contains("2026-03-28 07:00 CET to 2026-03-29 07:00 CEST (23 h)");
  }

  @Test
  void aRestartTheSameDayDoesNotSendItAgain() {
    responder();
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(sent).hasSize(1);
    scheduler.advance(Duration.ofHours(2));
    responder(); // a second process on the same store, as after a restart
    assertThat(sent).hasSize(1);
    scheduler.advance(Duration.ofDays(1));
    assertThat(sent).hasSize(2); // the next day once, though two instances were armed
  }

  @Test
  void aDayMissedWhileDownIsSentAtStartOnce() {
    responder();
    scheduler.advance(Duration.ofMinutes(1)); // 2026-11-22 sent
    clock.set(Instant.parse("2026-11-23T09:00:00Z")); // down across 2026-11-23 07:00
    responder();
    assertThat(sent).hasSize(2);
    assertThat(store().reportDays(5)).containsExactly("2026-11-23", "2026-11-22");
    assertThat(sent.get(1).body()).contains("to 2026-11-23 07:00 CET");
  }

  @Test
  void aFreshInstallWaitsForTheNextReportTime() {
    clock.set(Instant.parse("2026-11-22T09:00:00Z"));
    responder();
    assertThat(sent).isEmpty();
    scheduler.advance(Duration.ofHours(20).plusMinutes(59)); // 09:00 UTC is 10:00 in Berlin
    assertThat(sent).isEmpty();
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(sent).hasSize(1);
  }

  @Test
  void aFailedMailIsRecordedAndNotRepeated() {
    answer = Outcome.permanent("smtp reply 550: mailbox unavailable");
    responder();
    scheduler.advance(Duration.ofMinutes(1));
    ActionRecord row = store().actions(null, 1, 0).get(0);
    assertThat(row.status()).isEqualTo(ActionStatus.FAILURE);
    assertThat(row.detail()).contains("health report of 2026-11-22").contains("550");
    responder();
    assertThat(sent).hasSize(1);
  }

  @Test
  void withoutSmtpTheReportIsSkippedNotFailed() {
    responder(null);
    scheduler.advance(Duration.ofMinutes(1));
    ActionRecord row = store().actions(null, 1, 0).get(0);
    assertThat(row.status()).isEqualTo(ActionStatus.SKIPPED);
    assertThat(row.detail()).contains("no smtp");
  }
}
