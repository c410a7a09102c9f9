package dev.botwatch.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.e2e.support.Binaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer copies from the docs stays what the project runs: one spelling of the compose
 * command everywhere, and the own-bot config pair in docs/stack.md is, byte for byte, the pair the
 * e2e test OwnBotIT runs.
 */
class WalkthroughDocsIT {
  private static final Path ROOT = Binaries.root();

  @Test
  void everyComposeUpIsTheSameCommand() throws IOException {
    List<Path> files;
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      files =
          Stream.concat(
                  docs.filter(p -> p.toString().endsWith(".md")),
                  Stream.of(ROOT.resolve("README.md"), ROOT.resolve("docker-compose.yml")))
              .toList();
    }
    Pattern up = Pattern.compile("docker[ -]compose up[^`\\n]*");
    int seen = 0;
    for (Path f : files) {
      Matcher m = up.matcher(Files.readString(f));
      while (m.find()) {
        assertThat(m.group().strip()).as(f.toString()).isEqualTo("docker compose up -d --build");
        seen++;
      }
    }
    assertThat(seen)
        .as("README, docs/stack.md and the compose file name it")
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void theOwnBotSectionShowsTheFilesTheOwnBotTestRuns() throws IOException {
    String stack = Files.readString(ROOT.resolve("docs/stack.md"));
    for (String f : List.of("exporter.yml", "responder.yml")) {
      String file = Files.readString(ROOT.resolve("examples/python-bot/botwatch").resolve(f));
      assertThat(stack).as(f).contains("```yaml\n" + file + "```");
    }
  }
}
