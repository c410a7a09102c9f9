package dev.botwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares text with a fixture under {@code src/test/resources/golden/}. Run the tests with {@code
 * -Dbotwatch.golden.update=true} to rewrite the fixtures from the actual output (then review the
 * diff before committing it).
 */
public final class GoldenFiles {
  static final Path DIR = Path.of("src/test/resources/golden");

  private GoldenFiles() {}

  public static void assertMatches(String name, String actual) {
    Path file = DIR.resolve(name);
    try {
      if (Boolean.getBoolean("botwatch.golden.update")) {
        Files.createDirectories(DIR);
        Files.writeString(file, actual);
        return;
      }
      assertThat(file)
          .as("golden file %s (regenerate with -Dbotwatch.golden.update=true)", file)
          .exists();
      assertThat(actual).isEqualTo(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
