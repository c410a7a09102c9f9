package dev.botwatch.responder.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The health report of one period, per bot: what Prometheus measured (uptime, alerts, trading) and
 * what the responder recorded (incidents and how each ended, actions, emergency stops and resumes).
 * Figures Prometheus could not give are null, and {@link #prometheus} says why. Texts that come
 * from labels, annotations or action details are untrusted: every renderer encodes them.
 */
public record HealthReport(
    Instant since,
    Instant until,
    Instant generatedAt,
    PrometheusStatus prometheus,
    List<BotReport> bots,
    List<AlertFired> alertsWithoutBot,
    boolean truncated) {
  public HealthReport {
    bots = List.copyOf(bots);
    alertsWithoutBot = alertsWithoutBot == null ? null : List.copyOf(alertsWithoutBot);
  }

  /**
   * Whether the Prometheus parts are there: {@code available} false with {@code error} (not
   * configured, unreachable, a query refused); {@code queries} the PromQL of each figure.
   */
  public record PrometheusStatus(
      String url, boolean available, String error, Map<String, String> queries) {}

  public record BotReport(
      String bot,
      boolean configured,
      Double uptimeRatio,
      Trading trading,
      List<AlertFired> alerts,
      List<IncidentLine> incidents,
      Actions actions,
      List<StopLine> emergencyStops,
      List<ResumeLine> resumes,
      boolean emergencyLatchedNow) {}

  /** Trades in the period by outcome, and the bot's PnL gauges at its end. */
  public record Trading(
      Double trades, Double succeeded, Double failed, Double successRatio, List<Pnl> pnl) {}

  /** {@code change}: for {@code period="total"}, the end value minus the value at the start. */
  public record Pnl(String period, String currency, double value, Double change) {}

  /** An alert that fired in the period: how many times, for how long, still at the end. */
  public record AlertFired(
      String alertname, String severity, int episodes, long firingSeconds, boolean firingAtEnd) {}

  /**
   * An incident open at some time in the period. {@code ended}: {@code open}, {@code resolved} or
   * {@code resumed}; {@code resolvedBy}: the step that last succeeded ({@code playbook/step}),
   * {@code manual} (a person was asked), {@code by itself}, or {@code resume}.
   */
  public record IncidentLine(
      long id,
      String alertname,
      String severity,
      Instant openedAt,
      Instant closedAt,
      String ended,
      String resolvedBy,
      String summary,
      List<StepLine> steps) {}

  public record StepLine(
      Instant at, String playbook, String step, String kind, String status, String detail) {}

  /** Recovery and emergency steps planned in the period; notices to people counted apart. */
  public record Actions(
      int total, Map<String, Integer> byOutcome, int noticesSent, List<StepLine> steps) {}

  /** An emergency stop begun in the period; {@code outcome}: stopped, not stopped, in progress. */
  public record StopLine(Instant at, String reason, String outcome) {}

  public record ResumeLine(Instant at, String outcome, String detail) {}
}
