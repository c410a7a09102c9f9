package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed rule files, promtool tests and docs/alerts.md are exactly what thresholds.yml and
 * the catalog generate. {@code -Dbotwatch.rules.regenerate=true} rewrites them first.
 */
class GeneratedFilesTest {
  @Test
  void committedFilesMatchTheGenerator() throws Exception {
    Map<Path, String> expected = Generator.outputs(Tools.ROOT);
    if (Boolean.parseBoolean(System.getProperty("botwatch.rules.regenerate"))) {
      Generator.write(Tools.ROOT, expected);
    }
    for (var e : expected.entrySet()) {
      Path f = Tools.ROOT.resolve(e.getKey());
      assertThat(f).as("%s is generated; run mvn -pl prometheus exec:java", e.getKey()).exists();
      assertThat(Files.readString(f))
          .as("%s drifted from thresholds.yml; run mvn -pl prometheus exec:java", e.getKey())
          .isEqualTo(e.getValue());
    }
    for (Path dir : Generator.generatedDirs()) {
      for (Path f : Tools.ymlFiles(dir)) {
        assertThat(expected)
            .as("%s is not generated: delete it", f)
            .containsKey(Tools.ROOT.relativize(f));
      }
    }
  }

  @Test
  void unknownThresholdKeysAreTypos() {
    var root = Tools.YAML.createObjectNode();
    root.putObject("BotLogFileLarge").put("warnign", "8MiB").put("for", "1m");
    root.putObject("BotLogFileLarge2").putObject("for").put("production", "1m").put("prod", "2m");
    Thresholds th = new Thresholds(root);
    th.text("BotLogFileLarge", "for", "production");
    th.text("BotLogFileLarge2", "for", "production");
    assertThat(th.unknownKeys())
        .containsExactly("BotLogFileLarge.warnign", "BotLogFileLarge2.for.prod");
  }

  @Test
  void aThresholdTyposFailsLoudly() {
    Thresholds th =
        new Thresholds(
            Tools.YAML
                .createObjectNode()
                .set("X", Tools.YAML.createObjectNode().put("warning", "5 minutes")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> th.num("X", "warning", "production"))
        .hasMessageContaining("X.warning");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> th.num("X", "critical", "production"))
        .hasMessageContaining("X.critical (production) is missing");
  }
}
