package dev.botwatch.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test helpers: the repository, its YAML, and the real promtool/amtool binaries. */
final class Tools {
  static final Path ROOT = Generator.root();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Tools() {}

  record Result(int exit, String output) {}

  /**
   * The binary's path; a missing one FAILS the test (these tests prove the rules against the real
   * tools and must never pass by skipping them).
   */
  static String require(String name) {
    for (String dir :
        (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(
        name
            + " not found: apt-get install -y prometheus prometheus-alertmanager (promtool, amtool)");
  }

  static Result run(Path dir, String... cmd) {
    List<String> argv = new ArrayList<>(List.of(cmd));
    argv.set(0, require(cmd[0]));
    try {
      Process p =
          new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", argv) + " timed out");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> ymlFiles(Path dir) {
    try (Stream<Path> s = Files.list(ROOT.resolve(dir))) {
      return s.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(ROOT.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every alerting rule of a profile's rule files. */
  static List<JsonNode> alertRules(String profile) {
    List<JsonNode> out = new ArrayList<>();
    for (Path f : ymlFiles(Path.of("prometheus/rules", profile))) {
      for (JsonNode g : yaml(f).path("groups")) {
        for (JsonNode r : g.path("rules")) {
          if (r.has("alert")) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }
}
