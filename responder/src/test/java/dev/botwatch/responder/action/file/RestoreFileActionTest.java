package dev.botwatch.responder.action.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.config.RestoreFileConfig;
import dev.botwatch.responder.config.RestoreFileConfig.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreFileActionTest {
  static final String GOOD = "{\"exchange\": \"binance\", \"max_positions\": 5}\n";
  static final String BROKEN = "{\"exchange\": \"binance\", \"max_pos";
  static final Instant T0 = Instant.parse("2026-11-22T08:00:00.123Z");
  static final ActionContext CTX = new ActionContext("paper", Map.of(), Map.of(), T0);

  @TempDir Path dir;
  Path bots;
  Path file;
  Path knownGood;
  Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

  @BeforeEach
  void files() throws IOException {
    bots = Files.createDirectories(dir.resolve("bots/paper"));
    file = Files.writeString(bots.resolve("config.json"), BROKEN);
    knownGood = Files.writeString(dir.resolve("known-good.json"), GOOD);
  }

  RestoreFileAction action(String backupDir, Format validate) {
    return new RestoreFileAction(
        new RestoreFileConfig(
            dir + "/bots/{{bot}}/config.json", knownGood.toString(), backupDir, validate),
        clock);
  }

  List<Path> backups(Path in) throws IOException {
    try (Stream<Path> s = Files.list(in)) {
      return s.filter(p -> p.toString().endsWith(".bak")).sorted().toList();
    }
  }

  @Test
  void restoresAndKeepsTheBrokenCopy() throws IOException {
    RestoreFileAction a = action(null, Format.JSON);

    Outcome o = a.attempt(CTX);

    assertThat(o.status()).as(o.detail()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(file).hasContent(GOOD);
    Path backup = bots.resolve("config.json.20261122T080000.123Z.bak");
    assertThat(backups(bots)).containsExactly(backup);
    assertThat(backup).hasContent(BROKEN);
    assertThat(o.detail())
        .isEqualTo("restored " + file + " from " + knownGood + "; broken copy kept at " + backup);
    try (Stream<Path> s = Files.list(bots)) {
      assertThat(s).as("no temp file left").hasSize(2);
    }
    assertThat(a.kind()).isEqualTo("restore_file");
    assertThat(a.target()).isEqualTo("file:" + dir + "/bots/{{bot}}/config.json");
    assertThat(a.describe(CTX))
        .isEqualTo(
            "restore "
                + file
                + " from "
                + knownGood
                + " (checked as json), backup in the same directory");
  }

  @Test
  void aSecondRunNeverOverwritesTheFirstBackup() throws IOException {
    RestoreFileAction a = action(dir.resolve("backups").toString(), Format.NONE);
    assertThat(a.attempt(CTX).ok()).isTrue();

    Files.writeString(file, "broken again");
    assertThat(a.attempt(CTX).ok()).isTrue(); // same clock instant: same timestamp

    Path backups = dir.resolve("backups");
    assertThat(backups(backups))
        .containsExactly(
            backups.resolve("config.json.20261122T080000.123Z-1.bak"),
            backups.resolve("config.json.20261122T080000.123Z.bak"));
    assertThat(backups.resolve("config.json.20261122T080000.123Z.bak")).hasContent(BROKEN);
    assertThat(backups.resolve("config.json.20261122T080000.123Z-1.bak"))
        .hasContent("broken again");
    assertThat(file).hasContent(GOOD);
  }

  @Test
  void aFileThatAlreadyMatchesIsLeftAlone() throws IOException {
    Files.writeString(file, GOOD);

    Outcome o = action(null, Format.JSON).attempt(CTX);

    assertThat(o.ok()).isTrue();
    assertThat(o.detail()).endsWith("already matches " + knownGood + "; nothing changed");
    assertThat(backups(bots)).isEmpty();
  }

  @Test
  void aMissingFileIsRestored() throws IOException {
    Files.delete(file);

    Outcome o = action(null, Format.NONE).attempt(CTX);

    assertThat(o.ok()).isTrue();
    assertThat(o.detail()).endsWith("(it was missing)");
    assertThat(file).hasContent(GOOD);
  }

  @Test
  void permissionsOfTheFileArePreserved() throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(knownGood, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(action(null, Format.NONE).attempt(CTX).ok()).isTrue();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void missingKnownGoodIsPermanentAndTouchesNothing() throws IOException {
    Files.delete(knownGood);

    Outcome o = action(null, Format.NONE).attempt(CTX);

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).isFalse();
    assertThat(o.detail())
        .isEqualTo("known-good copy " + knownGood + " is missing; " + file + " untouched");
    assertThat(file).hasContent(BROKEN);
    assertThat(backups(bots)).isEmpty();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"api_key\": \"hunter2\", |JSON|is not valid json (line 1, column 23)",
        "{\"api_key\": \"hunter2\"} trailing|JSON|is not valid json",
        "''|JSON|is empty, not json",
        "api_key: [hunter2, 2\\nb: c|YAML|is not valid yaml",
        "''|YAML|is empty, not yaml",
      })
  void invalidKnownGoodIsPermanentAndNotQuoted(String content, Format format, String why)
      throws IOException {
    Files.writeString(knownGood, content.replace("\\n", "\n"));

    Outcome o = action(null, format).attempt(CTX);

    assertThat(o.retryable()).isFalse();
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.detail()).startsWith("known-good copy " + knownGood + " " + why);
    assertThat(o.detail()).endsWith(file + " untouched").doesNotContain("hunter2");
    assertThat(file).hasContent(BROKEN);
  }

  @ParameterizedTest(name = "{0} is valid {1}")
  @CsvSource(
      delimiter = '|',
      value = {"{\"a\": [1, 2]}|JSON", "a: [1, 2]\\nb: {c: d}|YAML", "anything at all|NONE"})
  void validKnownGoodPasses(String content, Format format) {
    assertThat(RestoreFileAction.check(content.replace("\\n", "\n").getBytes(), format)).isNull();
  }

  @Test
  void aSymlinkedFileIsRestoredThroughTheLinkInsideItsDirectory() throws IOException {
    Path real = Files.writeString(bots.resolve("config.real.json"), BROKEN);
    Files.delete(file);
    Files.createSymbolicLink(file, real);

    Outcome o = action(null, Format.NONE).attempt(CTX);

    assertThat(o.ok()).as(o.detail()).isTrue();
    assertThat(Files.isSymbolicLink(file)).isTrue();
    assertThat(real).hasContent(GOOD);
  }

  @Test
  void aLinkInsideTheDirectoryPointingOutsideIsRefusedAndNothingIsTouched() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside.json"), "precious");
    Files.delete(file);
    Files.createSymbolicLink(file, outside);
    RestoreFileAction a = action(dir.resolve("backups").toString(), Format.NONE);

    Outcome o = a.attempt(CTX);

    assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
    assertThat(o.retryable()).isFalse();
    assertThat(o.detail())
        .startsWith("refused: " + file + " resolves to " + outside.toRealPath() + ", outside ")
        .endsWith("; nothing was read or written");
    assertThat(a.refusal(CTX)).isEqualTo(o);
    assertThat(outside).hasContent("precious");
    assertThat(Files.isSymbolicLink(file)).isTrue();
    assertThat(dir.resolve("backups")).doesNotExist();
  }

  @Test
  void aKnownGoodLinkLeavingItsDirectoryIsRefused() throws IOException {
    Path goodDir = Files.createDirectories(dir.resolve("good"));
    Files.createSymbolicLink(goodDir.resolve("paper.json"), dir.resolve("outside-secret"));
    Files.writeString(dir.resolve("outside-secret"), GOOD);
    RestoreFileAction a =
        new RestoreFileAction(
            new RestoreFileConfig(
                dir + "/bots/{{bot}}/config.json", goodDir + "/{{bot}}.json", null, Format.NONE),
            clock);

    Outcome o = a.attempt(CTX);

    assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
    assertThat(file).hasContent(BROKEN);
  }

  @Test
  void aBackupDirectoryLinkedOutsideIsRefusedBeforeAnythingIsWritten() throws IOException {
    Path parent = Files.createDirectories(dir.resolve("keep"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.createSymbolicLink(parent.resolve("backups"), elsewhere);

    Outcome o = action(parent.resolve("backups").toString(), Format.NONE).attempt(CTX);

    assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
    assertThat(o.detail()).contains("outside " + parent.toRealPath());
    assertThat(file).hasContent(BROKEN);
    assertThat(backups(elsewhere)).isEmpty();
  }

  @Test
  void aLabelChoosesOnlyAFileNameInsideTheDirectory() throws IOException {
    Files.writeString(bots.resolve("scanner.json"), BROKEN);
    RestoreFileAction a =
        new RestoreFileAction(
            new RestoreFileConfig(
                dir + "/bots/{{bot}}/{{component}}.json", knownGood.toString(), null, Format.NONE),
            clock);

    ActionContext scanner =
        new ActionContext("paper", Map.of("component", "scanner"), Map.of(), T0);
    assertThat(a.attempt(scanner).ok()).isTrue();
    assertThat(bots.resolve("scanner.json")).hasContent(GOOD);

    ActionContext climb =
        new ActionContext("paper", Map.of("component", "../../known-good"), Map.of(), T0);
    Outcome o = a.attempt(climb);
    assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
    assertThat(o.detail())
        .startsWith("refused: label component=\"../../known-good\" cannot be used in a file name");
    assertThat(a.describe(climb))
        .startsWith("restore " + dir + "/bots/{{bot}}/{{component}}.json (refused:");
  }
}
