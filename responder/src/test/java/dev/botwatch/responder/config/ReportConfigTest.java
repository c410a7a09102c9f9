package dev.botwatch.responder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.common.config.ConfigException;
import dev.botwatch.common.config.YamlConfig;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportConfigTest {
  static final String SMTP =
      "webhook: {token: {env: T}}\n"
          + "notify: {email: {host: smtp.example.test, security: none, from: b@example.test,"
          + " to: [ops@example.test]}}\n";

  static ResponderConfig parse(String yaml) {
    return YamlConfig.parse(yaml, ResponderConfig.class, "r.yml", Map.of());
  }

  @Test
  void withoutASectionNothingIsSent() {
    ReportConfig r = parse("webhook: {token: {env: T}}\n").report();
    assertThat(r.enabled()).isFalse();
    assertThat(r.prometheusUrl()).isNull();
  }

  @Test
  void aSectionSendsAtSevenUtcToTheNoticeRecipientsByDefault() {
    ReportConfig r = parse(SMTP + "report: {prometheus_url: \"http://127.0.0.1:9340\"}\n").report();
    assertThat(r.enabled()).isTrue();
    assertThat(r.time()).isEqualTo(LocalTime.of(7, 0));
    assertThat(r.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(r.prometheusTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.recipientsOr(parse(SMTP).notifications().email()))
        .containsExactly("ops@example.test");
  }

  @Test
  void everyKey() {
    ReportConfig r =
        parse(
                SMTP
                    + """
                report:
                  at: "18:30"
                  timezone: Europe/Berlin
                  recipients: [lead@example.test]
                  prometheus_url: http://prometheus:9090
                  prometheus_timeout: 3s
                """)
            .report();
    assertThat(r.time()).isEqualTo(LocalTime.of(18, 30));
    assertThat(r.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(r.recipientsOr(null)).isEqualTo(List.of("lead@example.test"));
    assertThat(r.prometheusTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "at: \"7:00\"| report.at must be a time of day as HH:MM",
        "at: \"25:00\"| report.at must be a time of day as HH:MM",
        "timezone: Mars/Olympus| report.timezone is not a time zone",
        "recipients: [not an address]| report.recipients[0] is not an email address",
        "prometheus_url: ftp://x| report.prometheus_url must be an http(s) URL with a host",
        "prometheus_url: \"http://u:p@x:9090\"| report.prometheus_url must not carry credentials",
        "prometheus_timeout: 0s| report.prometheus_timeout must be > 0",
        "colour: blue| colour",
      })
  void badValuesAreErrorsNamingTheirPath(String entry, String error) {
    String yaml = SMTP + "report: {prometheus_url: \"http://127.0.0.1:9340\", " + entry + "}\n";
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(error);
  }

  @Test
  void sendingNeedsAnSmtpServerAndPrometheus() {
    assertThatThrownBy(() -> parse("webhook: {token: {env: T}}\nreport: {at: \"07:00\"}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("report.enabled needs notify.email")
        .hasMessageContaining("report.prometheus_url must be set");
    // Serving the report on demand needs neither.
    assertThat(parse("webhook: {token: {env: T}}\nreport: {enabled: false}\n").report().enabled())
        .isFalse();
  }
}
