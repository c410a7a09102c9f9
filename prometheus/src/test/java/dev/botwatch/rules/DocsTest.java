package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/alerts.md agrees with the rule files; every runbook_url lands on a runbook section. */
class DocsTest {
  @ParameterizedTest
  @ValueSource(strings = {"production", "development"})
  void alertsTableMatchesTheRuleFiles(String profile) {
    String doc = Tools.read(Path.of("docs/alerts.md"));
    int column = profile.equals("production") ? 3 : 4;
    for (JsonNode r : Tools.alertRules(profile)) {
      String name = r.path("alert").asText();
      String severity = r.path("labels").path("severity").asText();
      String row =
          doc.lines()
              .filter(l -> l.startsWith("| " + name + " |") && l.contains("| " + severity + " |"))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError(name + "/" + severity + " missing in docs/alerts.md"));
      String[] cells = row.substring(1).split(" \\| ");
      assertThat(cells[cells.length - 2].trim())
          .as("%s recovery", name)
          .isEqualTo(r.path("labels").path("recovery").asText());
      assertThat(cells[5]).as("%s for", name).contains(r.path("for").asText());
      String threshold = cells[column].trim();
      if (!threshold.equals("on")) {
        // "> 0.05%" appears in the description the rule renders: the doc shows the rule's number
        String shown = threshold.replaceFirst("^[<>]=? ", "");
        assertThat(r.path("annotations").path("description").asText())
            .as("%s/%s %s threshold %s", name, severity, profile, shown)
            .contains(shown);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"production", "development"})
  void everyRunbookUrlHasASection(String profile) {
    Set<String> anchors = new LinkedHashSet<>();
    Matcher m =
        Pattern.compile("(?m)^#{2,3} (.+)$").matcher(Tools.read(Path.of("docs/runbook.md")));
    while (m.find()) {
      anchors.add(slug(m.group(1)));
    }
    for (JsonNode r : Tools.alertRules(profile)) {
      String url = r.path("annotations").path("runbook_url").asText();
      assertThat(url).startsWith(Generator.RUNBOOK_BASE + "#");
      assertThat(anchors)
          .as("docs/runbook.md section for %s", url)
          .contains(url.substring(url.indexOf('#') + 1));
    }
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
  static String slug(String heading) {
    return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }
}
