package dev.botwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.exporter.config.ExporterConfig;
import dev.botwatch.exporter.http.ExporterServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /metrics} of a real server renders once per change: scrapes in between get the same bytes.
 * The exposition's clock stands still, so only changes make it render again.
 */
@ExtendWith(VertxExtension.class)
class ScrapeCacheTest {
  final AtomicLong now = new AtomicLong();
  Exporter exporter;
  ExporterServer server;
  WebClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    ExporterConfig cfg = YamlConfig.parse("server: {port: 0}\n", ExporterConfig.class, "test");
    exporter = new Exporter(cfg, List.of(), java.time.Clock.systemUTC(), now::get);
    server = ExporterServer.start(vertx, cfg, exporter).await(10, TimeUnit.SECONDS);
    exporter.whenReady().get(30, TimeUnit.SECONDS);
    client =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().await(10, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> scrape(String accept, String encoding) throws Exception {
    var req = client.get("/metrics");
    if (accept != null) {
      req.putHeader("Accept", accept);
    }
    if (encoding != null) {
      req.putHeader("Accept-Encoding", encoding);
    }
    return req.send().await(10, TimeUnit.SECONDS);
  }

  @Test
  void twoScrapesWithoutAChangeGetIdenticalBytesWithoutRendering() throws Exception {
    byte[] first = scrape(null, null).body().getBytes();
    byte[] firstGzip = scrape(null, "gzip").body().getBytes();
    long snapshots = exporter.exposition().snapshots();
    long renders = exporter.exposition().renders();

    assertThat(scrape(null, null).body().getBytes()).isEqualTo(first);
    assertThat(scrape(null, "gzip").body().getBytes()).isEqualTo(firstGzip);
    assertThat(gunzip(firstGzip)).isEqualTo(new String(first, StandardCharsets.UTF_8));
    assertThat(exporter.exposition().snapshots()).isEqualTo(snapshots);
    assertThat(exporter.exposition().renders()).isEqualTo(renders);
  }

  @Test
  void aChangeIsVisibleOnTheNextScrape() throws Exception {
    String before = scrape(null, null).bodyAsString();
    assertThat(before).doesNotContain("bot_trades_total{bot=\"p\"");
    long snapshots = exporter.exposition().snapshots();
    var r =
        client
            .post("/api/v1/events")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("{\"type\":\"trade\",\"bot\":\"p\",\"outcome\":\"failure\"}"))
            .await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(202);

    assertThat(scrape(null, "gzip").body().getBytes())
        .satisfies(
            b ->
                assertThat(gunzip(b))
                    .contains("bot_trades_total{bot=\"p\",outcome=\"failure\"} 1.0"));
    assertThat(scrape(null, null).bodyAsString())
        .contains("bot_trades_total{bot=\"p\",outcome=\"failure\"} 1.0")
        .contains("botwatch_events_received_total{type=\"trade\"} 1.0");
    assertThat(exporter.exposition().snapshots()).isEqualTo(snapshots + 1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          none                                                 | text/plain; version=0.0.4; charset=utf-8 | # TYPE botwatch_build_info gauge
          text/plain;version=0.0.4                             | text/plain; version=0.0.4; charset=utf-8 | # TYPE botwatch_build_info gauge
          application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1 | application/openmetrics-text; version=1.0.0; charset=utf-8 | # EOF
          application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited | application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited | botwatch_build_info
          """)
  void acceptHeaderPicksTheFormat(String accept, String contentType, String marker)
      throws Exception {
    var r = scrape(accept, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo(contentType);
    assertThat(r.getHeader("Vary")).isEqualTo("Accept, Accept-Encoding");
    assertThat(r.getHeader("Content-Encoding")).isNull();
    assertThat(r.body().toString(StandardCharsets.ISO_8859_1)).contains(marker);
  }

  @Test
  void debugAndFiltersAreServedAndABadDebugIsA400() throws Exception {
    var debug = client.get("/metrics?debug=prometheus-protobuf").send().await(10, TimeUnit.SECONDS);
    assertThat(debug.getHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(debug.bodyAsString()).contains("name: \"botwatch_build_info\"");
    var filtered =
        client.get("/metrics?name[]=botwatch_build_info").send().await(10, TimeUnit.SECONDS);
    assertThat(filtered.bodyAsString())
        .contains("botwatch_build_info{")
        .doesNotContain("botwatch_events_received_total");
    var bad = client.get("/metrics?debug=yaml").send().await(10, TimeUnit.SECONDS);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("debug");
  }

  static String gunzip(byte[] b) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new AssertionError("not gzip", e);
    }
  }
}
