package dev.botwatch.responder.report;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.config.ReportConfig;
import dev.botwatch.responder.model.ActionStatus;
import dev.botwatch.responder.model.NewAction;
import dev.botwatch.responder.model.RunKey;
import dev.botwatch.responder.model.RunKind;
import dev.botwatch.responder.notify.Notice;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.work.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the health report once a day at {@code report.at} in {@code report.timezone}, covering the
 * time since the previous report time (24 h, or 23 h and 25 h on the days the clocks change).
 *
 * <p>At most once per day, across restarts and responders sharing a store: each day is claimed in
 * the store (the run key {@code ("", daily-report, <day>, report)}) before anything is sent, and
 * the mail's outcome is recorded on that claim. A responder that was down at the report time sends
 * that day's report when it starts, if the store shows it sent reports before (a fresh install
 * waits for the next report time). Time comes from the injected clock and scheduler; the work
 * (Prometheus, the store, SMTP) runs on {@code worker}, never on the scheduler's thread.
 */
public final class DailyReport {
  private static final Logger log = LoggerFactory.getLogger(DailyReport.class);
  static final String FINGERPRINT = "daily-report";
  static final String PLAYBOOK = "report";

  private final LocalTime at;
  private final ZoneId zone;
  private final ReportBuilder builder;
  private final ReportRenderer renderer;
  private final Function<Notice, Action> mail;
  private final ActionExecutor executor;
  private final boolean dryRun;
  private final Store store;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Executor worker;
  private final String owner;
  private final Consumer<ActionStatus> counted;

  /**
   * @param mailOrNull the email action for a notice; null when no SMTP server is configured
   * @param counted told each outcome, for {@code responder_notifications_total}
   */
  public DailyReport(
      ReportConfig config,
      ReportBuilder builder,
      Function<Notice, Action> mailOrNull,
      ActionExecutor executor,
      boolean dryRun,
      Store store,
      Clock clock,
      Scheduler scheduler,
      Executor worker,
      String owner,
      Consumer<ActionStatus> counted) {
    this.at = config.time();
    this.zone = config.zone();
    this.builder = builder;
    this.renderer = new ReportRenderer(zone);
    this.mail = mailOrNull;
    this.executor = executor;
    this.dryRun = dryRun;
    this.store = store;
    this.clock = clock;
    this.scheduler = scheduler;
    this.worker = worker;
    this.owner = owner;
    this.counted = counted;
  }

  /** Catches up a missed day (see the class comment), then waits for the next report time. */
  public void start() {
    Instant now = clock.instant();
    ZonedDateTime last = lastSlot(now);
    boolean reportedBefore = !store.reportDays(1).isEmpty();
    if (reportedBefore && !store.reportDays(7).contains(day(last))) {
      log.info(
          "the daily report of {} was not sent (the responder was down): sending it now",
          day(last));
      worker.execute(() -> send(last));
    }
    arm(nextSlot(now));
  }

  private void arm(ZonedDateTime slot) {
    scheduler.schedule(Duration.between(clock.instant(), slot.toInstant()), () -> due(slot));
  }

  private void due(ZonedDateTime slot) {
    Instant now = clock.instant();
    if (now.isBefore(slot.toInstant())) {
      arm(slot); // woke early (the system clock was set back): wait for the rest
      return;
    }
    worker.execute(() -> send(slot));
    arm(nextSlot(slot.toInstant()));
  }

  /** Claims the day, builds the report of the day before {@code slot}, mails it, records how. */
  void send(ZonedDateTime slot) {
    String day = day(slot);
    Instant now = clock.instant();
    long row;
    try {
      row =
          store.write(
              tx -> {
                long run =
                    tx.claimRun(
                        new RunKey("", FINGERPRINT, day, PLAYBOOK), 0, RunKind.REPORT, false, now);
                if (run < 0) {
                  return -1L;
                }
                long id =
                    tx.planAction(
                        new NewAction(
                            run,
                            0,
                            "",
                            PLAYBOOK,
                            0,
                            FINGERPRINT,
                            "email",
                            ActionStatus.PLANNED,
                            "health report of " + day),
                        now);
                tx.claimAction(id, owner, now);
                return id;
              });
    } catch (RuntimeException e) {
      log.error("the daily report of {} could not be claimed in the store: {}", day, e.toString());
      return;
    }
    if (row < 0) {
      log.info("the daily report of {} was already sent", day);
      return;
    }
    Outcome o;
    try {
      HealthReport r = builder.build(previous(slot).toInstant(), slot.toInstant());
      Notice n = renderer.mail(r);
      Action a = mail == null ? null : mail.apply(n);
      o =
          a == null
              ? Outcome.skipped("no smtp: notify.email is not configured")
              : executor.run(
                  a, new ActionContext("", Map.of(), Map.of(), executor.deadlineFromNow()), dryRun);
    } catch (RuntimeException e) {
      o = Outcome.permanent("the report could not be built: " + e);
    }
    ActionStatus status = o.recorded();
    counted.accept(status);
    store.finish(row, status, "health report of " + day + ": " + o.detail(), clock.instant());
    log.info("daily report of {}: {} ({})", day, status.id(), o.detail());
  }

  /**
   * The report time on {@code date}; in a gap of the clocks it moves forward, as java.time does.
   */
  ZonedDateTime slotOn(LocalDate date) {
    return ZonedDateTime.of(date, at, zone);
  }

  /** The first report time after {@code t}. */
  ZonedDateTime nextSlot(Instant t) {
    LocalDate d = t.atZone(zone).toLocalDate();
    ZonedDateTime s = slotOn(d);
    while (!s.toInstant().isAfter(t)) {
      d = d.plusDays(1);
      s = slotOn(d);
    }
    return s;
  }

  /** The last report time at or before {@code t}. */
  ZonedDateTime lastSlot(Instant t) {
    LocalDate d = t.atZone(zone).toLocalDate().plusDays(1);
    ZonedDateTime s = slotOn(d);
    while (s.toInstant().isAfter(t)) {
      d = d.minusDays(1);
      s = slotOn(d);
    }
    return s;
  }

  ZonedDateTime previous(ZonedDateTime slot) {
    return slotOn(slot.toLocalDate().minusDays(1));
  }

  /** A report's day: the date of its report time in the report's zone. */
  static String day(ZonedDateTime slot) {
    return slot.toLocalDate().toString();
  }
}
