package dev.botwatch.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Content negotiation of /metrics without HTTP: what each header asks for. */
class MetricsHandlerTest {
  final ExpositionFormats formats = ExpositionFormats.init();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          none                                                                  | text/plain; version=0.0.4
          */*                                                                   | text/plain; version=0.0.4
          text/plain;version=0.0.4                                              | text/plain; version=0.0.4
          application/openmetrics-text;version=1.0.0                            | application/openmetrics-text; version=1.0.0
          application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1 | application/openmetrics-text; version=1.0.0
          application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.5 | application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily
          application/vnd.google.protobuf                                       | text/plain; version=0.0.4
          """)
  void acceptPicksTheFormat(String accept, String contentType) {
    var r = MetricsHandler.request(formats, accept, null, null, List.of());
    assertThat(r.writer().getContentType()).startsWith(contentType);
    assertThat(r.gzip()).isFalse();
    assertThat(r.shared()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          none                      | false
          gzip                      | true
          GZIP                      | true
          deflate, gzip             | true
          gzip;q=0                  | false
          gzip;q=0.0, deflate       | false
          gzip;q=0.5                | true
          x-gzip                    | true
          *                         | true
          br, deflate               | false
          identity                  | false
          """)
  void acceptEncodingDecidesGzip(String header, boolean gzip) {
    assertThat(MetricsHandler.acceptsGzip(header)).isEqualTo(gzip);
  }

  @ParameterizedTest(name = "debug={0}")
  @CsvSource({
    "text, text/plain; version=0.0.4",
    "openmetrics, application/openmetrics-text",
    "prometheus-protobuf, application/vnd.google.protobuf"
  })
  void debugWritesReadableTextOfTheFormatAndIsNotShared(String debug, String writerType) {
    var r = MetricsHandler.request(formats, null, "gzip", debug, List.of());
    assertThat(r.writer().getContentType()).startsWith(writerType);
    assertThat(r.debug()).isTrue();
    assertThat(r.gzip()).isFalse();
    assertThat(r.shared()).isFalse();
  }

  @ParameterizedTest(name = "name[]={0}")
  @CsvSource({"bot_trades_total, bot_trades, true", "bot_trades_total, bot_info, false"})
  void nameFilterMatchesLikeClientJava(String asked, String family, boolean kept) {
    var r = MetricsHandler.request(formats, null, null, null, List.of(asked));
    assertThat(r.shared()).isFalse();
    assertThat(r.names().test(family)).isEqualTo(kept);
  }
}
