package dev.botwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The class-data training run that mvn package and the image perform: an exporter on a throwaway
 * config answers every warm-up request with a 2xx (/-/ready first), stops and exits 0.
 */
class ExporterWarmUpTest {
  @Test
  void theWarmUpServesEveryRequestAndExitsZero() {
    assertThat(Main.run(new String[] {"--warm-up"})).isZero();
  }
}
