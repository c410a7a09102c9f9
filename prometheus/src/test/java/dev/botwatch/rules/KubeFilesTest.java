package dev.botwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated AlertmanagerConfig routes like prometheus/alertmanager.yml (the e2e module builds
 * and schema-checks the manifests; GeneratedFilesTest fails when they drift).
 */
class KubeFilesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "severity=\"critical\"   | severity | critical | =",
        "recovery!=\"none\"      | recovery | none     | !=",
        "bot=~\"paper.*\"       | bot      | paper.*  | =~",
        "alertname !~ \"Bot.*\"  | alertname | Bot.*   | !~",
      })
  void matchersBecomeObjects(String matcher, String name, String value, String type) {
    JsonNode m = KubeAlertmanagerConfig.matchers(Tools.YAML.createArrayNode().add(matcher)).get(0);
    assertThat(m.path("name").asText()).isEqualTo(name);
    assertThat(m.path("value").asText()).isEqualTo(value);
    assertThat(m.path("matchType").asText()).isEqualTo(type);
  }

  @Test
  void anUnreadableMatcherStopsTheGenerator() {
    assertThatThrownBy(
            () -> KubeAlertmanagerConfig.matchers(Tools.YAML.createArrayNode().add("severity")))
        .hasMessageContaining("cannot read matcher \"severity\"");
  }

  @Test
  void theAlertmanagerConfigHasTheSameRoutesAndReceivers() {
    JsonNode native_ = Tools.yaml(Tools.ROOT.resolve("prometheus/alertmanager.yml"));
    JsonNode kube =
        Tools.yaml(Tools.ROOT.resolve("deploy/kubernetes/monitoring/alertmanagerconfig.yaml"));
    assertThat(receivers(kube.at("/spec/receivers")))
        .isEqualTo(receivers(native_.at("/receivers")));
    JsonNode routes = kube.at("/spec/route/routes");
    assertThat(routes).hasSize(native_.at("/route/routes").size());
    for (int i = 0; i < routes.size(); i++) {
      JsonNode n = native_.at("/route/routes").get(i);
      assertThat(routes.get(i).path("receiver")).isEqualTo(n.path("receiver"));
      assertThat(routes.get(i).path("matchers")).hasSize(n.path("matchers").size());
      assertThat(routes.get(i).path("repeatInterval")).isEqualTo(n.path("repeat_interval"));
    }
    assertThat(kube.at("/spec/route/groupBy")).isEqualTo(native_.at("/route/group_by"));
    assertThat(kube.at("/spec/inhibitRules/0/equal"))
        .isEqualTo(native_.at("/inhibit_rules/0/equal"));
  }

  private static List<String> receivers(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(
        r ->
            out.add(
                r.path("name").asText()
                    + (r.has("webhook_configs") || r.has("webhookConfigs") ? " webhook" : "")
                    + (r.has("email_configs") || r.has("emailConfigs") ? " email" : "")));
    return out;
  }
}
