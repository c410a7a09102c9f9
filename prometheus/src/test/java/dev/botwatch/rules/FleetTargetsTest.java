package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exporters' file_sd files: the shipped one-host file and the three-host example, each loaded
 * by the real promtool through prometheus.yml (promtool checks file_sd files it can find), every
 * target with a host label, no host twice.
 */
class FleetTargetsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"exporters.yml", "fleet.example.yml"})
  void prometheusLoadsTheTargetsFile(String name) throws Exception {
    Path targets = Tools.ROOT.resolve("prometheus/targets").resolve(name);
    String cfg =
        Tools.read(Path.of("prometheus/prometheus.yml"))
            .replace("rules/production/", Tools.ROOT.resolve("prometheus/rules/production") + "/")
            .replace("'targets/exporters.yml'", "'" + targets + "'");
    assertThat(cfg).contains(targets.toString());
    Files.writeString(tmp.resolve("prometheus.yml"), cfg);
    Tools.Result r = Tools.run(tmp, "promtool", "check", "config", "prometheus.yml");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).doesNotContain("WARNING").doesNotContain("FAILED");

    List<String> hosts = new ArrayList<>();
    for (JsonNode group : Tools.yaml(targets)) {
      assertThat(group.path("targets")).isNotEmpty();
      hosts.add(group.at("/labels/host").asText());
    }
    assertThat(hosts).doesNotContain("").doesNotHaveDuplicates();
    if (name.startsWith("fleet")) {
      assertThat(hosts).hasSize(3);
    }
  }
}
