package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.responder.template.UrlTemplate;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The daily health report: per bot, uptime, alerts, incidents and how each ended, actions,
 * emergency stops and resumes, trading figures. Sent once a day at {@code at} in {@code timezone}
 * (covering the day since the previous report time), by email through {@code notify.email}'s server
 * to {@code recipients}; {@code GET /api/v1/report} serves it on demand whether or not it is sent.
 *
 * <pre>{@code
 * report:
 *   at: "07:00"                    # 24 h clock, quoted
 *   timezone: Europe/Berlin        # an IANA zone; default UTC
 *   recipients: [ops@example.com]  # default: notify.email.to
 *   prometheus_url: http://127.0.0.1:9340
 *   prometheus_timeout: 10s
 *   # enabled: false               # serve GET /api/v1/report only, send nothing
 * }</pre>
 *
 * <p>Without a {@code report} section nothing is sent, and the on-demand report says Prometheus is
 * not configured.
 */
public record ReportConfig(
    Boolean enabled,
    String at,
    String timezone,
    List<String> recipients,
    String prometheusUrl,
    Duration prometheusTimeout)
    implements Validatable {
  public static final Duration DEFAULT_PROMETHEUS_TIMEOUT = Duration.ofSeconds(10);
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  public ReportConfig {
    enabled = enabled == null || enabled;
    at = at == null ? "07:00" : at;
    timezone = timezone == null ? "UTC" : timezone;
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
    prometheusTimeout = prometheusTimeout == null ? DEFAULT_PROMETHEUS_TIMEOUT : prometheusTimeout;
  }

  /** No section in the file: nothing is sent, and the report has no Prometheus. */
  public static ReportConfig absent() {
    return new ReportConfig(false, null, null, null, null, null);
  }

  /** The time of day the report goes out; valid once {@link #validate} passed. */
  public LocalTime time() {
    return LocalTime.parse(at, HH_MM);
  }

  public ZoneId zone() {
    return ZoneId.of(timezone);
  }

  /** {@code recipients}, else {@code notify.email.to}. */
  public List<String> recipientsOr(EmailConfig email) {
    return !recipients.isEmpty() || email == null ? recipients : email.to();
  }

  @Override
  public void validate(String path, Problems p) {
    try {
      LocalTime.parse(at, HH_MM);
    } catch (DateTimeParseException e) {
      p.add(path + ".at", "must be a time of day as HH:MM (24 h, quoted), e.g. \"07:00\"");
    }
    try {
      ZoneId.of(timezone);
    } catch (DateTimeException e) {
      p.add(path + ".timezone", "is not a time zone (an IANA name such as Europe/Berlin, or UTC)");
    }
    for (int i = 0; i < recipients.size(); i++) {
      EmailConfig.checkAddress(recipients.get(i), path + ".recipients[" + i + "]", p);
    }
    if (prometheusUrl != null) {
      UrlTemplate.validateBase(prometheusUrl, path + ".prometheus_url", p);
    }
    p.positive(prometheusTimeout, path + ".prometheus_timeout");
  }

  /** What the report needs from the rest of the config when it is sent. */
  void validateWith(NotifyConfig notify, String path, Problems p) {
    if (!enabled) {
      return;
    }
    p.require(
        notify.email() != null,
        path + ".enabled",
        "needs notify.email, the SMTP server the report is sent through (or set enabled: false"
            + " to only serve GET /api/v1/report)");
    p.require(
        notify.email() == null || !recipientsOr(notify.email()).isEmpty(),
        path + ".recipients",
        "must list at least one address");
    p.require(
        prometheusUrl != null,
        path + ".prometheus_url",
        "must be set: uptime, alerts and trading figures come from Prometheus");
  }
}
