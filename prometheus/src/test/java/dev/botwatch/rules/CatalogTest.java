package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every alert of design.md's catalog has rules in both profiles (emergency ones in production
 * only), every rule carries the contract's labels and annotations, and every rule has a promtool
 * test that sees it fire and sees it stay silent.
 */
class CatalogTest {
  /** design.md § Alert catalog, derived once (2026-11); the test below keeps it in step. */
  static final List<String> CATALOG =
      List.of(
          "BotProcessDown",
          "BotRestartLoop",
          "BotLogInactive",
          "BotHeartbeatStale",
          "BotTradeSuccessRateLow",
          "BotDailyLossLimit",
          "BotDailyLossEmergency",
          "BotTradeRateLow",
          "BotTradeExecutionSlow",
          "BotBalanceCheckSlow",
          "BotComponentDown",
          "BotNonceFailures",
          "BotNonceGenerationSlow",
          "BotScanSlow",
          "BotTokenDiscoveryLow",
          "BotApprovalRateLow",
          "BotApiErrorRateHigh",
          "BotApiErrorRateEmergency",
          "BotApiLatencyHigh",
          "BotApiRateLimitNear",
          "BotWebsocketReconnects",
          "BotWebsocketLatencyHigh",
          "BotWebsocketDisconnected",
          "BotProbeFailed",
          "BotProbeSlow",
          "BotMemoryHigh",
          "BotMemoryEmergency",
          "HostCpuHigh",
          "HostMemoryHigh",
          "HostDiskHigh",
          "BotLogFileLarge",
          "BotKillSwitchActive",
          "BotKillSwitchOverdue",
          "BotDataStale",
          "BotPositionLimitReached",
          "BotStrategyOverlap",
          "BotSymbolsOnProbation",
          "BotConfigInvalid",
          "BotFileNotWritable",
          "BotEmergencyMode",
          "BotwatchExporterDown",
          "BotwatchResponderDown",
          "BotwatchCollectorFailing",
          "BotwatchRecoveryFailing",
          "Watchdog");

  static final Set<String> PRODUCTION_ONLY =
      Set.of("BotDailyLossEmergency", "BotApiErrorRateEmergency", "BotMemoryEmergency");

  static final Set<String> RECOVERIES =
      Set.of("none", "soft", "medium", "hard", "refresh_data", "restore_config", "emergency_stop");

  /** Rows of design.md's catalog table: names in the first cell → the row's cells. */
  static Map<String, List<String>> designRows(String design) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    String section = design.substring(design.indexOf("### Alert catalog"));
    section = section.substring(0, section.indexOf("\n##", 5));
    for (String line : section.lines().toList()) {
      if (!line.startsWith("| ") || line.startsWith("| alert ")) {
        continue;
      }
      List<String> cells = new ArrayList<>();
      for (String c : line.substring(1).split("\\|")) {
        cells.add(c.trim());
      }
      for (String n : cells.get(0).split("[/,]")) {
        rows.put(n.trim(), cells);
      }
    }
    return rows;
  }

  @Test
  void committedListMatchesDesignMd() throws Exception {
    Path design = sharedDesign();
    if (design == null) {
      // A checkout without the shared design folder: the committed list (checked against the
      // rules by everyCatalogAlertHasRulesAndEveryRuleTheContract) stands in for it.
      assertThat(CATALOG).hasSize(45).doesNotHaveDuplicates();
      return;
    }
    Map<String, List<String>> rows = designRows(Files.readString(design));
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(CATALOG);
    Map<String, String> recoveryByAlert = new LinkedHashMap<>();
    for (JsonNode r : Tools.alertRules("production")) {
      recoveryByAlert.put(r.path("alert").asText(), r.path("labels").path("recovery").asText());
    }
    rows.forEach(
        (name, cells) -> {
          String recovery = cells.get(4).split(" ")[0];
          assertThat(recoveryByAlert.get(name))
              .as("recovery of %s (design.md)", name)
              .isEqualTo(recovery);
          if (cells.get(0).equals(name)) { // one alert per row: its severity columns
            Set<String> severities = severities("production", name);
            assertThat(severities.contains("warning"))
                .as("%s warning", name)
                .isEqualTo(!cells.get(2).isEmpty() || isWatcher(name));
            if (!cells.get(3).isEmpty()) {
              assertThat(severities).as("%s critical", name).contains("critical");
            }
          }
        });
  }

  /**
   * The shared design next to the checkout: {@code shared/design.md} in the nearest directory above
   * the repository that has one (a git worktree sits one level deeper than the main checkout).
   */
  static Path sharedDesign() {
    for (Path d = Tools.ROOT.getParent(); d != null; d = d.getParent()) {
      Path design = d.resolve("shared/design.md");
      if (Files.isRegularFile(design)) {
        return design;
      }
    }
    return null;
  }

  private static boolean isWatcher(String name) {
    return name.equals("Watchdog") || name.equals("BotwatchCollectorFailing");
  }

  static Set<String> severities(String profile, String alert) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode r : Tools.alertRules(profile)) {
      if (r.path("alert").asText().equals(alert)) {
        out.add(r.path("labels").path("severity").asText());
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"production", "development"})
  void everyCatalogAlertHasRulesAndEveryRuleTheContract(String profile) {
    List<JsonNode> rules = Tools.alertRules(profile);
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode r : rules) {
      String name = r.path("alert").asText();
      names.add(name);
      assertThat(r.path("for").asText()).as("%s for", name).matches("\\d+[smh]");
      assertThat(r.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
      assertThat(r.path("labels").path("recovery").asText()).as(name).isIn(RECOVERIES);
      JsonNode ann = r.path("annotations");
      assertThat(ann.path("summary").asText()).as(name).isNotBlank();
      assertThat(ann.path("description").asText()).as(name).isNotBlank();
      assertThat(ann.path("runbook_url").asText())
          .isEqualTo(Generator.RUNBOOK_BASE + "#" + name.toLowerCase(java.util.Locale.ROOT));
      // e2e compresses literal windows: no [1h30m]-style ranges
      assertThat(r.path("expr").asText()).doesNotContainPattern("\\[\\d+[smhd]\\d");
    }
    Set<String> expected = new LinkedHashSet<>(CATALOG);
    if (!profile.equals("production")) {
      expected.removeAll(PRODUCTION_ONLY);
    }
    assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
    for (JsonNode r : rules) {
      if (r.path("labels").path("recovery").asText().equals("emergency_stop")) {
        assertThat(profile).isEqualTo("production");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"production", "development"})
  void everyRuleHasATestThatSeesItFireAndStaySilent(String profile) {
    JsonNode tests =
        Tools.yaml(Tools.ROOT.resolve("prometheus/tests/" + profile + "/alerts_test.yml"));
    for (JsonNode r : Tools.alertRules(profile)) {
      String name = r.path("alert").asText();
      String severity = r.path("labels").path("severity").asText();
      boolean fires = false;
      boolean silentCase = false;
      for (JsonNode t : tests.path("tests")) {
        for (JsonNode art : t.path("alert_rule_test")) {
          if (!art.path("alertname").asText().equals(name)) {
            continue;
          }
          for (JsonNode e : art.path("exp_alerts")) {
            JsonNode l = e.path("exp_labels");
            if (l.path("severity").asText().equals(severity)
                && e.path("exp_annotations").has("description")) {
              fires = true;
            }
          }
          if (art.path("exp_alerts").isEmpty()) {
            silentCase = true;
          }
          // a subject past nothing but present in the input: e.g. bot="warning_quiet"
          String quiet = severity + "_quiet";
          boolean quietInput = t.path("input_series").toString().contains("\\\"" + quiet + "\\\"");
          boolean quietExpected = art.path("exp_alerts").toString().contains("\"" + quiet + "\"");
          silentCase |= quietInput && !quietExpected;
        }
      }
      assertThat(fires).as("%s/%s fires in a promtool test (%s)", name, severity, profile).isTrue();
      assertThat(silentCase)
          .as("%s/%s stays silent in a promtool test (%s)", name, severity, profile)
          .isTrue();
    }
  }
}
