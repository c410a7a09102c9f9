package dev.botwatch.exporter.collect.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: a collector's exposition in text format compared with {@code
 * src/test/resources/source/golden/<name>.prom}. {@code -Dbotwatch.golden.update=true} rewrites the
 * fixtures instead (then review the diff and commit it).
 */
final class Golden {
  private static final Path DIR = Path.of("src/test/resources/source/golden");

  private Golden() {}

  static String text(MetricSnapshots snapshots) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Compares after {@code mask} replaced the values that vary between runs. */
  static void assertMatches(String name, String exposition) throws IOException {
    Path file = DIR.resolve(name + ".prom");
    if (Boolean.getBoolean("botwatch.golden.update")) {
      Files.createDirectories(DIR);
      Files.writeString(file, exposition);
    }
    assertThat(file)
        .as("golden file %s (regenerate with -Dbotwatch.golden.update=true)", file)
        .exists();
    assertThat(exposition).isEqualTo(Files.readString(file));
  }
}
