package dev.botwatch.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files for every module's tests: text compared with a fixture file. Run the tests with
 * {@code -Dbotwatch.golden.update=true} to rewrite the fixtures from the actual output, then review
 * the diff before committing it.
 *
 * <pre>{@code
 * GoldenFiles.assertMatches(Path.of("src/test/resources/notify/alert.txt"), text);
 * }</pre>
 */
public final class GoldenFiles {
  /** The switch that regenerates every golden file. */
  public static final String UPDATE = "botwatch.golden.update";

  private GoldenFiles() {}

  public static void assertMatches(Path file, String actual) {
    try {
      if (Boolean.getBoolean(UPDATE)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertThat(file).as("golden file %s (regenerate with -D%s=true)", file, UPDATE).exists();
      assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
