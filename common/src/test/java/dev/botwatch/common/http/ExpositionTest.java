package dev.botwatch.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exposition cache without HTTP: a counting source and a hand-moved clock, no sleeping. */
class ExpositionTest {
  final ExpositionFormats formats = ExpositionFormats.init();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final Counter trades =
      Counter.builder().name("trades_total").help("Trades.").labelNames("bot").register(registry);
  final AtomicInteger sourceCalls = new AtomicInteger();
  final AtomicLong now = new AtomicLong();
  Supplier<MetricSnapshots> source =
      () -> {
        sourceCalls.incrementAndGet();
        return registry.scrape();
      };
  Exposition exposition;

  @BeforeEach
  void build() {
    trades.labelValues("paper").inc();
    exposition = new Exposition(() -> source.get(), Duration.ofSeconds(1), now::get);
  }

  Exposition.Request text(boolean gzip) {
    return Exposition.Request.of(
        formats.getPrometheusTextFormatWriter(), EscapingScheme.DEFAULT, gzip);
  }

  Exposition.Body scrape(Exposition.Request r) throws Exception {
    Exposition.Body cached = exposition.cached(r);
    return cached != null ? cached : exposition.render(r).get(10, TimeUnit.SECONDS);
  }

  static String text(Exposition.Body b) throws Exception {
    byte[] bytes = b.bytes();
    if (b.gzip()) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void twoScrapesWithoutAChangeGetTheSameBytesRenderedOnce() throws Exception {
    Exposition.Body first = scrape(text(false));
    Exposition.Body second = scrape(text(false));
    assertThat(exposition.cached(text(false))).as("served from the cache").isSameAs(first);
    assertThat(second.bytes()).isSameAs(first.bytes());
    assertThat(sourceCalls).hasValue(1);
    assertThat(exposition.snapshots()).isEqualTo(1);
    assertThat(exposition.renders()).isEqualTo(1);
    assertThat(text(first)).contains("trades_total{bot=\"paper\"} 1.0");
  }

  @Test
  void aChangeIsVisibleOnTheNextScrape() throws Exception {
    scrape(text(false));
    trades.labelValues("paper").inc();
    exposition.changed();
    assertThat(exposition.cached(text(false))).as("nothing stale is served").isNull();
    Exposition.Body after = scrape(text(false));
    assertThat(text(after)).contains("trades_total{bot=\"paper\"} 2.0");
    assertThat(exposition.snapshots()).isEqualTo(2);
    assertThat(exposition.renders()).isEqualTo(2);
  }

  @Test
  void pastMaxAgeTheSnapshotIsServedOnceMoreAndRenewedInTheBackground() throws Exception {
    Exposition.Body first = scrape(text(false));
    now.addAndGet(Duration.ofMillis(999).toNanos());
    assertThat(scrape(text(false))).isSameAs(first);
    assertThat(exposition.snapshots()).isEqualTo(1);

    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(exposition.cached(text(false))).as("served at once").isSameAs(first);
    await("the renewal in the background")
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> exposition.snapshots() >= 2);
    assertThat(exposition.snapshots()).isEqualTo(2);
    Exposition.Body renewed = exposition.cached(text(false));
    assertThat(renewed).isNotNull().isNotSameAs(first);

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(exposition.cached(text(false))).as("twice maxAge: no longer served").isNull();
    assertThat(scrape(text(false))).isNotSameAs(renewed);
    assertThat(exposition.snapshots()).isEqualTo(3);
  }

  @Test
  void gzipAndOtherFormatsAreWrittenOncePerSnapshotFromTheSameSnapshot() throws Exception {
    Exposition.Body plain = scrape(text(false));
    Exposition.Body gz = scrape(text(true));
    assertThat(gz.gzip()).isTrue();
    assertThat(text(gz)).isEqualTo(text(plain));
    assertThat(scrape(text(true))).isSameAs(gz);
    Exposition.Request om =
        Exposition.Request.of(
            formats.getOpenMetricsTextFormatWriter(), EscapingScheme.DEFAULT, false);
    Exposition.Body openMetrics = scrape(om);
    assertThat(openMetrics.contentType()).startsWith("application/openmetrics-text");
    assertThat(text(openMetrics)).endsWith("# EOF\n");
    assertThat(scrape(om)).isSameAs(openMetrics);
    assertThat(exposition.snapshots()).isEqualTo(1);
    assertThat(exposition.renders())
        .as("text once, OpenMetrics once; gzip reuses text")
        .isEqualTo(2);
  }

  @Test
  void aFilteredScrapeIsWrittenOnDemandFromTheCurrentSnapshot() throws Exception {
    Counter.builder().name("other_total").help("Other.").register(registry).inc();
    exposition.changed();
    scrape(text(false));
    Exposition.Request filtered =
        new Exposition.Request(
            formats.getPrometheusTextFormatWriter(),
            EscapingScheme.DEFAULT,
            false,
            MetricNameFilter.builder().nameMustBeEqualTo("other_total").build(),
            false);
    assertThat(exposition.cached(filtered)).isNull();
    String body = text(scrape(filtered));
    assertThat(body).contains("other_total 1.0").doesNotContain("trades_total");
    assertThat(exposition.snapshots()).as("no new snapshot for a filter").isEqualTo(1);
  }

  @Test
  void scrapesArrivingDuringARenderShareTheNextRound() throws Exception {
    CountDownLatch inSource = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Supplier<MetricSnapshots> counting = source;
    source =
        () -> {
          MetricSnapshots taken = counting.get();
          if (sourceCalls.get() == 1) {
            inSource.countDown();
            awaitRelease(release);
          }
          return taken;
        };
    CompletableFuture<Exposition.Body> first = exposition.render(text(false));
    assertThat(inSource.await(10, TimeUnit.SECONDS)).isTrue();
    trades.labelValues("paper").inc();
    exposition.changed();
    List<CompletableFuture<Exposition.Body>> waiting = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      waiting.add(exposition.render(text(i % 2 == 0)));
    }
    release.countDown();
    assertThat(text(first.get(10, TimeUnit.SECONDS))).contains("} 1.0");
    for (CompletableFuture<Exposition.Body> w : waiting) {
      assertThat(text(w.get(10, TimeUnit.SECONDS))).contains("} 2.0");
    }
    assertThat(sourceCalls).as("eleven scrapes, two snapshots").hasValue(2);
    assertThat(exposition.renders()).isEqualTo(2);
  }

  @Test
  void aFailingSourceFailsThatRoundOnly() throws Exception {
    Supplier<MetricSnapshots> good = source;
    source =
        () -> {
          throw new IllegalStateException("collector broke");
        };
    assertThatThrownBy(() -> exposition.render(text(false)).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("collector broke");
    source = good;
    assertThat(text(scrape(text(false)))).contains("trades_total");
  }

  private static void awaitRelease(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
