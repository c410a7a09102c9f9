package dev.botwatch.responder.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.common.config.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FileTemplateTest {
  @TempDir Path dir;

  FileTemplate.Rendered render(String template, String component) throws Refusal {
    return new FileTemplate(template.replace("DIR", dir.toString()))
        .render(Map.of("bot", "paper", "component", component)::get);
  }

  @Test
  void onlyTheFileNameIsChosenByLabels() throws Refusal {
    FileTemplate.Rendered r = render("DIR/bots/{{bot}}/{{component}}.json", "scanner");
    assertThat(r.root()).isEqualTo(dir.resolve("bots/paper"));
    assertThat(r.file()).isEqualTo(dir.resolve("bots/paper/scanner.json"));
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("", "it is empty"),
        Arguments.of("..", "contains '..'"),
        Arguments.of("../../etc/passwd", "contains '..'"),
        Arguments.of("a/b", "outside A-Z a-z 0-9 _ . -"),
        Arguments.of(".hidden", "starts with '.' or '-'"),
        Arguments.of("-rf", "starts with '.' or '-'"),
        Arguments.of("%2e%2e", "outside A-Z a-z 0-9 _ . -"),
        Arguments.of("a\\b", "outside A-Z a-z 0-9 _ . -"),
        Arguments.of("é", "outside A-Z a-z 0-9 _ . -"),
        Arguments.of("a\u0000", "control character U+0000"),
        Arguments.of("x".repeat(256), "longer than 255"));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource
  void refused(String value, String why) {
    assertThatThrownBy(() -> render("DIR/{{component}}.json", value))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("cannot be used in a file name")
        .hasMessageContaining(why);
  }

  @Test
  void aLinkInsideTheRootToOutsideIsRefusedAfterLinksAreFollowed() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path outside = Files.writeString(dir.resolve("secret.txt"), "x");
    Path link = Files.createSymbolicLink(root.resolve("config.json"), outside);
    Files.createSymbolicLink(root.resolve("sub"), dir);

    assertThatThrownBy(() -> FileTemplate.realUnderRoot(root, link))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("resolves to " + outside.toRealPath())
        .hasMessageContaining("outside " + root.toRealPath());
    assertThatThrownBy(() -> FileTemplate.realUnderRoot(root, root.resolve("sub/secret.txt")))
        .isInstanceOf(Refusal.class);
    assertThatThrownBy(
            () ->
                FileTemplate.realUnderRoot(
                    root, Files.createSymbolicLink(root.resolve("dangling"), dir.resolve("nope"))))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("a symbolic link to a missing file");
  }

  @Test
  void filesAndLinksInsideTheRootResolveToTheirRealPath() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path real = Files.writeString(root.resolve("v2.json"), "x");
    Path link = Files.createSymbolicLink(root.resolve("config.json"), real);

    assertThat(FileTemplate.realUnderRoot(root, link)).isEqualTo(real.toRealPath());
    assertThat(FileTemplate.realUnderRoot(root, root.resolve("new.json")))
        .isEqualTo(root.toRealPath().resolve("new.json"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/srv/{{component}}/config.json    | uses {{component}} in its directory part",
        "/srv/x{{component}}/a.json        | uses {{component}} in its directory part",
        "/srv/bots/                        | must end with a name",
        "/srv/bots/..                      | must end with a name",
        "/srv/{{ a b }}.json               | opens no placeholder",
      })
  void configRejectsTemplatesThatCouldChangeTheDirectory(String template, String message) {
    Problems p = new Problems();
    FileTemplate.validate(template, "bots.p.config_restore.path", p);
    assertThat(p.errors())
        .singleElement()
        .asString()
        .startsWith("bots.p.config_restore.path ")
        .contains(message);
  }

  @Test
  void botAndFileNameLabelsAreAccepted() {
    Problems p = new Problems();
    FileTemplate.validate("/srv/{{bot}}/x-{{bot}}/{{component}}.{{bot}}.json", "x", p);
    FileTemplate.validate("relative-{{component}}.json", "x", p);
    assertThat(p.errors()).isEmpty();
  }
}
