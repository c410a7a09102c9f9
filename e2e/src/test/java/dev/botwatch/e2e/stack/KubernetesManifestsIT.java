package dev.botwatch.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.botwatch.e2e.support.Binaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes, checked offline: there is no cluster here. {@code kubectl kustomize} builds
 * it; every object it yields, and both profiles' PrometheusRules, are validated against the JSON
 * schemas of Kubernetes and of the prometheus-operator CRDs (npm {@code kubernetes-models}, {@code
 * e2e/k8s-validate}: types, required fields, enums, patterns; not unknown fields). Broken copies
 * prove the validator rejects what it should. Then what the schemas cannot know: the rules are the
 * rule files, the job names are the ones the rules select on, the responder runs two replicas with
 * the PostgreSQL URI where its config reads it.
 */
class KubernetesManifestsIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Binaries.root();
  private static final Path KUBE = ROOT.resolve("deploy/kubernetes");

  @TempDir Path tmp;

  @Test
  void theKustomizationBuildsAndEveryObjectIsValid() throws IOException {
    List<JsonNode> built = build();
    assertThat(built.stream().map(o -> o.path("kind").asText()).distinct())
        .contains(
            "Namespace",
            "Deployment",
            "Service",
            "ConfigMap",
            "PodDisruptionBudget",
            "PrometheusRule",
            "ServiceMonitor",
            "AlertmanagerConfig");
    List<JsonNode> all = new ArrayList<>(built);
    all.addAll(docs(KUBE.resolve("monitoring/prometheusrule-development.yaml")));
    Tool.Result r = validate(all);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains(all.size() + " valid, 0 invalid");
  }

  @Test
  void theValidatorRejectsBrokenObjects() throws IOException {
    List<JsonNode> built = build();
    assertRejected(
        find(built, "Deployment", "botwatch-responder"),
        d -> ((ObjectNode) d.path("spec")).put("replicas", "two"),
        "spec/replicas must be integer");
    assertRejected(
        find(built, "AlertmanagerConfig", "botwatch"),
        d -> ((ObjectNode) d.at("/spec/inhibitRules/0/sourceMatch/0")).put("matchType", "=="),
        "matchType must be equal to one of the allowed values");
    assertRejected(
        find(built, "PrometheusRule", "botwatch-production"),
        d -> ((ObjectNode) d.at("/spec/groups/0/rules/0")).put("for", "5 minutes"),
        "must match pattern");
    assertRejected(
        find(built, "ServiceMonitor", "botwatch-exporter"),
        d -> ((ObjectNode) d.path("spec")).remove("selector"),
        "must have required property selector");
  }

  /**
   * Each profile's PrometheusRule holds exactly prometheus/rules/<profile>/, which promtool reads.
   */
  @Test
  void prometheusRulesAreTheRuleFiles() throws IOException {
    for (String profile : List.of("production", "development")) {
      JsonNode rule = docs(KUBE.resolve("monitoring/prometheusrule-" + profile + ".yaml")).get(0);
      ArrayNode expected = YAML.createArrayNode();
      try (var files = Files.list(ROOT.resolve("prometheus/rules").resolve(profile))) {
        for (Path f : files.sorted().toList()) {
          YAML.readTree(f.toFile()).path("groups").forEach(expected::add);
        }
      }
      List<String> names = new ArrayList<>();
      rule.at("/spec/groups").forEach(g -> names.add(g.path("name").asText()));
      List<String> want = new ArrayList<>();
      expected.forEach(g -> want.add(g.path("name").asText()));
      assertThat(names).containsExactlyInAnyOrderElementsOf(want);
      for (JsonNode g : expected) {
        JsonNode same = null;
        for (JsonNode h : rule.at("/spec/groups")) {
          if (h.path("name").equals(g.path("name"))) {
            same = h;
          }
        }
        assertThat(same).as(profile + " group " + g.path("name")).isEqualTo(g);
      }
      Path file = tmp.resolve(profile + ".yml");
      YAML.writeValue(
          file.toFile(), YAML.createObjectNode().set("groups", rule.at("/spec/groups")));
      Tool.Result r = Tool.promtoolCheck(tmp, "rules", file);
      assertThat(r.exit()).as(r.output()).isZero();
    }
  }

  @Test
  void servicesCarryTheJobNamesTheRulesSelectOn() throws IOException {
    List<JsonNode> built = build();
    String rules = Files.readString(ROOT.resolve("prometheus/rules/production/botwatch.yml"));
    for (String job : List.of("botwatch-exporter", "botwatch-responder")) {
      assertThat(rules).contains("job=\"" + job + "\"");
      // The operator names the job after the Service the ServiceMonitor selects.
      JsonNode monitor = find(built, "ServiceMonitor", job);
      JsonNode service = find(built, "Service", job);
      assertThat(service.at("/metadata/labels/app.kubernetes.io~1name").asText())
          .isEqualTo(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText());
      assertThat(service.at("/spec/ports/0/name").asText())
          .isEqualTo(monitor.at("/spec/endpoints/0/port").asText());
    }
    assertThat(find(built, "ServiceMonitor", "botwatch-exporter").toString())
        .contains("__meta_kubernetes_pod_node_name", "\"targetLabel\":\"host\"");
    JsonNode webhook = find(built, "AlertmanagerConfig", "botwatch").at("/spec/receivers");
    assertThat(webhook.toString())
        .contains(
            "http://botwatch-responder."
                + find(built, "Service", "botwatch-responder").at("/metadata/namespace").asText()
                + ".svc:9320/alerts");
  }

  /**
   * Two responder replicas, the PostgreSQL URI from the Secret mounted where the config reads it
   * (store.postgres.dsn), and a config the responder accepts.
   */
  @Test
  void theResponderRunsTwoReplicasOnTheSharedStore() throws IOException {
    List<JsonNode> built = build();
    JsonNode deployment = find(built, "Deployment", "botwatch-responder");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    JsonNode pod = deployment.at("/spec/template/spec");
    String mount = null;
    for (JsonNode m : pod.at("/containers/0/volumeMounts")) {
      if (m.path("name").asText().equals("postgres")) {
        mount = m.path("mountPath").asText();
      }
    }
    assertThat(pod.at("/volumes").toString()).contains("\"secretName\":\"botwatch-postgres\"");
    Path config = KUBE.resolve("apps/config/responder.yml");
    JsonNode cfg = YAML.readTree(config.toFile());
    assertThat(cfg.at("/store/postgres/dsn/file").asText()).isEqualTo(mount + "/dsn");
    assertThat(cfg.at("/bots/paper/restart").isMissingNode())
        .as("commands would run in the responder's pod, not the bot's")
        .isTrue();

    // The responder accepts the cluster's config as it is (--check-config reads no secret).
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Tool.Result r =
        Tool.run(
            tmp,
            Map.of("BOTWATCH_WEBHOOK_TOKEN", "t", "BOTWATCH_CONTROL_TOKEN", "c"),
            List.of(
                java,
                "-jar",
                Binaries.jar("botwatch-responder").toString(),
                "--config",
                config.toString(),
                "--check-config"));
    assertThat(r.exit()).as(r.output()).isZero();
  }

  // ---------------------------------------------------------------------------------------------

  private void assertRejected(JsonNode object, Consumer<JsonNode> breakIt, String error)
      throws IOException {
    JsonNode broken = object.deepCopy();
    breakIt.accept(broken);
    Tool.Result r = validate(List.of(broken));
    assertThat(r.exit()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("INVALID").contains(error);
  }

  private Tool.Result validate(List<JsonNode> objects) throws IOException {
    Path dir = ROOT.resolve("e2e/k8s-validate");
    assertThat(dir.resolve("node_modules/kubernetes-models"))
        .as("run `npm ci --prefix e2e/k8s-validate` (bin/test does)")
        .isDirectory();
    Path input = Files.createTempFile(tmp, "objects", ".json");
    JSON.writeValue(input.toFile(), objects);
    return Tool.run(
        dir,
        Map.of(),
        List.of(
            Tool.require("node", "nodejs").toString(),
            dir.resolve("validate.mjs").toString(),
            input.toString()));
  }

  private List<JsonNode> build() throws IOException {
    Tool.Result r = Tool.run(tmp, Map.of(), List.of(kubectl(), "kustomize", KUBE.toString()));
    assertThat(r.exit()).as("kubectl kustomize:\n" + r.output()).isZero();
    Path out = tmp.resolve("built.yaml");
    Files.writeString(out, r.output());
    return docs(out);
  }

  /** kubectl 1.21 or later: older ones bundle a kustomize without components. */
  private String kubectl() {
    String kubectl = Tool.require("kubectl", "kubectl (1.21 or later)").toString();
    Tool.Result v = Tool.run(tmp, Map.of(), List.of(kubectl, "version", "--client"));
    var m = java.util.regex.Pattern.compile("Client Version: v1\\.(\\d+)").matcher(v.output());
    assertThat(m.find() && Integer.parseInt(m.group(1)) >= 21)
        .as("kubectl 1.21 or later is needed (kustomize components): " + v.output())
        .isTrue();
    return kubectl;
  }

  private static List<JsonNode> docs(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (YAMLParser p = (YAMLParser) YAML.getFactory().createParser(file.toFile())) {
      var it = YAML.readValues(p, JsonNode.class);
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isEmpty()) {
          out.add(n);
        }
      }
    }
    return out;
  }

  private static JsonNode find(List<JsonNode> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.path("kind").asText()))
        .filter(o -> name.equals(o.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }
}
