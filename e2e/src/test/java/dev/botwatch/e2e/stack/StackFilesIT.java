package dev.botwatch.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import dev.botwatch.e2e.support.Binaries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of the container and systemd deployments, checked by the tools that read them: {@code
 * docker-compose config} (Debian's 1.29), {@code amtool}/{@code promtool check-config}, {@code
 * systemd-analyze verify}, and the image's healthcheck script against a real HTTP server. We cannot
 * run containers here, so everything short of that is tested.
 */
class StackFilesIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path ROOT = Binaries.root();

  /**
   * Everything the compose copies may change in the native files: hosts (service names instead of
   * 127.0.0.1), container ports of Prometheus and Alertmanager, and paths. Anything else differing
   * fails.
   */
  private static final Map<String, String> NATIVE_TO_COMPOSE =
      Map.of(
          "127.0.0.1:9310", "exporter:9310",
          "127.0.0.1:9320", "responder:9320",
          "127.0.0.1:9325", "mailpit:9325",
          "127.0.0.1:9340", "localhost:9090",
          "127.0.0.1:9350", "alertmanager:9093",
          "rules/production/*.yml", "/etc/prometheus/rules/*.yml",
          "targets/exporters.yml", "/etc/prometheus/targets/exporters.yml",
          "secrets/webhook_token", "/run/botwatch/webhook_token");

  @TempDir Path tmp;

  @Test
  void composeConfigIsValidWithTheExampleEnvFile() throws IOException {
    JsonNode cfg = composeConfig(envExample(Map.of()));

    assertThat(names(cfg.path("services")))
        .containsExactlyInAnyOrder(
            "demo-bot",
            "exporter",
            "responder",
            "prometheus",
            "alertmanager",
            "grafana",
            "mailpit",
            "alertmanager-2",
            "responder-2",
            "postgres");
    assertThat(names(cfg.path("volumes")))
        .contains("prometheus-data", "grafana-data", "responder-store");
    // The demo bot is optional (a profile); nothing else may depend on it.
    assertThat(strings(cfg.at("/services/demo-bot/profiles"))).containsExactly("demo");
    cfg.path("services")
        .fields()
        .forEachRemaining(
            s -> assertThat(names(s.getValue().path("depends_on"))).doesNotContain("demo-bot"));
    // Services built from our Dockerfile get its HEALTHCHECK; the others declare one.
    for (String s :
        List.of("prometheus", "alertmanager", "alertmanager-2", "postgres", "grafana", "mailpit")) {
      assertThat(cfg.at("/services/" + s + "/healthcheck/test").isArray()).as(s).isTrue();
    }
    for (String s : List.of("demo-bot", "exporter", "responder")) {
      assertThat(cfg.at("/services/" + s + "/build/dockerfile").asText())
          .isEqualTo("docker/app.Dockerfile");
    }
    // Secrets reach the programs from .env.
    assertThat(cfg.at("/services/responder/environment/BOTWATCH_WEBHOOK_TOKEN").asText())
        .isEqualTo("test-webhook-token");
    assertThat(cfg.at("/services/alertmanager/environment/BOTWATCH_WEBHOOK_TOKEN").asText())
        .isEqualTo("test-webhook-token");
    assertThat(cfg.at("/services/responder/environment/BOTWATCH_CONTROL_TOKEN").asText())
        .isEqualTo("test-control-token");
    // Published only on loopback.
    cfg.path("services")
        .fields()
        .forEachRemaining(
            s -> {
              for (JsonNode port : s.getValue().path("ports")) {
                String spec = port.isTextual() ? port.asText() : port.path("host_ip").asText();
                assertThat(spec).as(s.getKey() + " port " + port).startsWith("127.0.0.1");
              }
            });
  }

  @Test
  void theExampleEnvFileRunsTheDemoAndProductionRules() throws IOException {
    Map<String, String> env = envFile(ROOT.resolve(".env.example"));
    assertThat(env)
        .containsEntry("COMPOSE_PROFILES", "demo")
        .containsEntry("BOTWATCH_PROFILE", "production");
    assertThat(mounts(composeConfig(envExample(Map.of())), "prometheus"))
        .anyMatch(
            v ->
                v.startsWith(
                    ROOT.resolve("prometheus/rules/production") + ":/etc/prometheus/rules"));
  }

  @Test
  void botwatchProfileSelectsTheRuleDirectory() throws IOException {
    JsonNode cfg = composeConfig(envExample(Map.of("BOTWATCH_PROFILE", "development")));
    assertThat(mounts(cfg, "prometheus"))
        .anyMatch(
            v ->
                v.startsWith(
                    ROOT.resolve("prometheus/rules/development") + ":/etc/prometheus/rules"));
    assertThat(ROOT.resolve("prometheus/rules/development")).isDirectory();
    assertThat(ROOT.resolve("prometheus/rules/production")).isDirectory();
  }

  @Test
  void aMissingSecretStopsComposeWithItsName() throws IOException {
    Path env = envExample(Map.of("BOTWATCH_WEBHOOK_TOKEN", ""));
    // Drop the line altogether: an empty value would also be refused (:?), but absence is the
    // mistake people make.
    Files.write(
        env,
        Files.readAllLines(env).stream()
            .filter(l -> !l.startsWith("BOTWATCH_WEBHOOK_TOKEN="))
            .toList());
    Tool.Result r = compose(env, "config", "-q");
    assertThat(r.exit()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("BOTWATCH_WEBHOOK_TOKEN");
  }

  @Test
  void everyVariableTheComposeFileUsesIsInTheExampleOrHasADefault() throws IOException {
    String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
    Map<String, String> example = envFile(ROOT.resolve(".env.example"));
    Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)(:?[-?])?").matcher(compose);
    Set<String> undocumented = new LinkedHashSet<>();
    while (m.find()) {
      boolean hasDefault = "-".equals(m.group(2)) || ":-".equals(m.group(2));
      if (!hasDefault && !example.containsKey(m.group(1))) {
        undocumented.add(m.group(1));
      }
    }
    assertThat(undocumented).as("variables without a default missing from .env.example").isEmpty();
  }

  /**
   * The programs in compose read the shared config/*.yml with the service's environment: with
   * exactly that environment each config must expand and validate ({@code --check-config}), and
   * every secret it names ({@code {env: NAME}}) must be in it.
   */
  @Test
  void composeEnvironmentMakesEveryProgramConfigValid() throws IOException {
    JsonNode cfg = composeConfig(envExample(Map.of()));
    assertThat(cfg.at("/services/demo-bot/pid").asText())
        .as("the demo bot's bot.pid must name a pid the exporter can see")
        .isEqualTo("service:exporter");
    assertThat(Files.readString(ROOT.resolve("docker/app.Dockerfile")))
        .contains("BOTWATCH_CONFIG=/etc/botwatch/${MODULE}.yml");
    for (String module : List.of("exporter", "responder", "demo-bot")) {
      JsonNode service = cfg.at("/services/" + module);
      assertThat(mounts(cfg, module))
          .anyMatch(v -> v.startsWith(ROOT.resolve("config") + ":/etc/botwatch"));
      Path config = ROOT.resolve("config").resolve(module + ".yml");
      assertThat(config).as("config for " + module).isRegularFile();
      Map<String, String> env = new LinkedHashMap<>();
      service
          .path("environment")
          .fields()
          .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      for (String line : Files.readAllLines(config)) {
        Matcher m =
            Pattern.compile("\\benv:\\s*([A-Z0-9_]+)")
                .matcher(line.strip().startsWith("#") ? "" : line);
        while (m.find()) {
          assertThat(env)
              .as(module + " needs " + m.group(1) + " (" + config.getFileName() + ")")
              .containsKey(m.group(1));
        }
      }
      assertConfigChecks(module, config, env);
    }
  }

  /** {@code <module> --config <config> --check-config} exits 0 with exactly {@code env}. */
  private void assertConfigChecks(String module, Path config, Map<String, String> env) {
    Tool.Result r =
        Tool.run(
            tmp,
            env,
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Binaries.jar("botwatch-" + module).toString(),
                "--config",
                config.toString(),
                "--check-config"));
    assertThat(r.exit())
        .as(module + " --check-config " + config + " with the compose environment:\n" + r.output())
        .isZero();
  }

  private void assertAmtoolChecks(String file) {
    Tool.Result r =
        Tool.run(
            tmp,
            Map.of(),
            List.of(
                Tool.require("amtool", "prometheus-alertmanager").toString(),
                "check-config",
                ROOT.resolve(file).toString()));
    assertThat(r.exit()).as(r.output()).isZero();
  }

  @Test
  void composeAlertmanagerConfigDiffersFromTheNativeOneOnlyInHostsAndPaths() throws IOException {
    assertOnlyHostsAndPathsDiffer(
        "prometheus/alertmanager.yml", "docker/alertmanager/alertmanager.yml");
    assertAmtoolChecks("docker/alertmanager/alertmanager.yml");
  }

  /**
   * Beyond hosts and paths the compose copy differs in one place: it finds the Alertmanagers by DNS
   * (every node answers to the alias {@code alertmanagers}), so the {@code ha} profile's second
   * node gets alerts without another Prometheus config. promtool checks it with the paths it mounts
   * mapped back to the repository, so the exporters' file_sd file is checked too.
   */
  @Test
  void composePrometheusConfigDiffersFromTheNativeOneOnlyInHostsAndPaths() throws IOException {
    assertOnlyHostsAndPathsDiffer(
        "prometheus/prometheus.yml", "docker/prometheus/prometheus.yml", "/alerting");
    assertOnlyHostsAndPathsDiffer(
        "prometheus/targets/exporters.yml", "docker/prometheus/targets/exporters.yml");
    JsonNode am =
        YAML.readTree(ROOT.resolve("docker/prometheus/prometheus.yml").toFile())
            .at("/alerting/alertmanagers/0/dns_sd_configs/0");
    assertThat(strings(am.path("names"))).containsExactly("alertmanagers");
    assertThat(am.path("type").asText()).isEqualTo("A");
    assertThat(am.path("port").asInt()).isEqualTo(9093);
    JsonNode services = composeConfig(envExample(Map.of())).path("services");
    for (String s : List.of("alertmanager", "alertmanager-2")) {
      assertThat(strings(services.at("/" + s + "/networks/default/aliases")))
          .as(s + " answers to the alias Prometheus resolves")
          .contains("alertmanagers");
    }
    Path checked = tmp.resolve("prometheus.yml");
    Files.writeString(
        checked,
        Files.readString(ROOT.resolve("docker/prometheus/prometheus.yml"))
            .replace("/etc/prometheus/targets/", ROOT.resolve("docker/prometheus/targets") + "/")
            .replace("/etc/prometheus/rules/", ROOT.resolve("prometheus/rules/production") + "/"));
    Tool.Result r = Tool.promtoolCheck(tmp, "config", checked);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).as("nothing missing").doesNotContain("WARNING");
    assertThat(mounts(composeConfig(envExample(Map.of())), "prometheus"))
        .anyMatch(
            v ->
                v.startsWith(
                    ROOT.resolve("docker/prometheus/targets") + ":/etc/prometheus/targets"));
  }

  /**
   * Profile {@code ha}: a second Alertmanager that joins the first over the compose network (gossip
   * is never published), and PostgreSQL from the official image with a named volume and no
   * published port. The default profiles start neither.
   */
  @Test
  void haProfileAddsAPeeredAlertmanagerAndPostgres() throws IOException {
    JsonNode services = composeConfig(envExample(Map.of())).path("services");
    for (String s : List.of("alertmanager-2", "responder-2", "postgres")) {
      assertThat(strings(services.at("/" + s + "/profiles"))).as(s).containsExactly("ha");
    }
    String first = String.join(" ", strings(services.at("/alertmanager/entrypoint")));
    String second = String.join(" ", strings(services.at("/alertmanager-2/entrypoint")));
    assertThat(first)
        .contains("--cluster.listen-address=0.0.0.0:9094")
        .doesNotContain("--cluster.peer");
    assertThat(second)
        .contains("--cluster.listen-address=0.0.0.0:9094", "--cluster.peer=alertmanager:9094")
        .contains("> /run/botwatch/webhook_token", "exec /bin/alertmanager");
    assertThat(names(services.at("/alertmanager-2/depends_on"))).containsExactly("alertmanager");
    assertThat(services.at("/alertmanager-2/image").asText())
        .isEqualTo(services.at("/alertmanager/image").asText());
    assertThat(services.at("/alertmanager-2/environment/BOTWATCH_WEBHOOK_TOKEN").asText())
        .isEqualTo("test-webhook-token");
    assertThat(services.at("/postgres/image").asText()).startsWith("postgres:15");
    assertThat(services.at("/postgres/environment/POSTGRES_PASSWORD").asText())
        .isEqualTo("change-me-postgres-password");
    assertThat(mounts(composeConfig(envExample(Map.of())), "postgres"))
        .anyMatch(v -> v.startsWith("postgres-data:/var/lib/postgresql/data"));
    assertThat(services.at("/postgres/ports").isMissingNode()).as("postgres unpublished").isTrue();
    services
        .fields()
        .forEachRemaining(
            s -> {
              if (!strings(s.getValue().path("profiles")).contains("ha")) {
                assertThat(names(s.getValue().path("depends_on")))
                    .as(s.getKey() + " must not need an ha service")
                    .doesNotContain("alertmanager-2", "responder-2", "postgres");
              }
            });
    services
        .fields()
        .forEachRemaining(
            s ->
                assertThat(s.getValue().path("ports").toString())
                    .as(s.getKey() + " publishes no gossip port")
                    .doesNotContain(":9094"));
  }

  /**
   * With {@code BOTWATCH_HA_SUFFIX=-ha} (and the profile {@code ha}) both responders read
   * config/responder-ha.yml, their store on the {@code postgres} service, and both Alertmanagers
   * read alertmanager-ha.yml, which notifies both responders. Without it nothing changes. The HA
   * copies differ from the single ones only in that, and the responder accepts its copy with the
   * environment compose gives responder-2.
   */
  @Test
  void haSuffixPutsBothRespondersOnPostgresAndBothAlertmanagersNotifyBoth() throws IOException {
    JsonNode single = composeConfig(envExample(Map.of())).path("services");
    assertThat(single.at("/responder/environment/BOTWATCH_CONFIG").asText())
        .isEqualTo("/etc/botwatch/responder.yml");
    JsonNode ha = composeConfig(envExample(Map.of("BOTWATCH_HA_SUFFIX", "-ha"))).path("services");
    for (String r : List.of("responder", "responder-2")) {
      assertThat(ha.at("/" + r + "/environment/BOTWATCH_CONFIG").asText())
          .as(r)
          .isEqualTo("/etc/botwatch/responder-ha.yml");
      assertThat(ha.at("/" + r + "/environment/BOTWATCH_POSTGRES_DSN").asText())
          .isEqualTo("postgresql://botwatch:change-me-postgres-password@postgres:5432/botwatch");
      assertThat(mounts(composeConfig(envExample(Map.of())), r))
          .anyMatch(v -> v.startsWith(ROOT.resolve("config") + ":/etc/botwatch"));
    }
    assertThat(single.at("/responder-2/environment/BOTWATCH_CONFIG").asText())
        .isEqualTo("/etc/botwatch/responder-ha.yml");
    assertThat(names(ha.at("/responder-2/depends_on"))).contains("postgres");
    assertThat(ha.at("/responder-2/ports").toString()).contains("9355").contains("127.0.0.1");
    assertThat(mounts(composeConfig(envExample(Map.of())), "responder-2"))
        .noneMatch(v -> v.startsWith("responder-store:"));
    for (String am : List.of("alertmanager", "alertmanager-2")) {
      assertThat(String.join(" ", strings(single.at("/" + am + "/entrypoint"))))
          .contains("--config.file=/etc/alertmanager/alertmanager.yml ");
      assertThat(String.join(" ", strings(ha.at("/" + am + "/entrypoint"))))
          .contains("--config.file=/etc/alertmanager/alertmanager-ha.yml ");
      assertThat(mounts(composeConfig(envExample(Map.of())), am))
          .anyMatch(
              v ->
                  v.startsWith(
                      ROOT.resolve("docker/alertmanager/alertmanager-ha.yml")
                          + ":/etc/alertmanager/alertmanager-ha.yml"));
    }

    // responder-ha.yml = responder.yml with the store on PostgreSQL.
    JsonNode responder = YAML.readTree(ROOT.resolve("config/responder.yml").toFile());
    ((ObjectNode) responder)
        .set("store", YAML.readTree("{postgres: {dsn: {env: BOTWATCH_POSTGRES_DSN}}}"));
    assertThat(YAML.readTree(ROOT.resolve("config/responder-ha.yml").toFile()))
        .as("config/responder-ha.yml must equal config/responder.yml but for its store")
        .isEqualTo(responder);
    // alertmanager-ha.yml = alertmanager.yml with a twin for responder-2 after each responder
    // webhook.
    JsonNode am = YAML.readTree(ROOT.resolve("docker/alertmanager/alertmanager.yml").toFile());
    int twins = 0;
    for (JsonNode receiver : am.path("receivers")) {
      if (receiver.has("webhook_configs")) {
        var hooks = (com.fasterxml.jackson.databind.node.ArrayNode) receiver.get("webhook_configs");
        for (int i = hooks.size() - 1; i >= 0; i--) {
          if (hooks.get(i).path("url").asText().equals("http://responder:9320/alerts")) {
            ObjectNode twin = hooks.get(i).deepCopy();
            twin.put("url", "http://responder-2:9320/alerts");
            hooks.insert(i + 1, twin);
            twins++;
          }
        }
      }
    }
    assertThat(twins).isPositive();
    assertThat(YAML.readTree(ROOT.resolve("docker/alertmanager/alertmanager-ha.yml").toFile()))
        .as("alertmanager-ha.yml must equal alertmanager.yml with a responder-2 twin per webhook")
        .isEqualTo(am);
    assertAmtoolChecks("docker/alertmanager/alertmanager-ha.yml");

    Map<String, String> env = new LinkedHashMap<>();
    ha.at("/responder-2/environment")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    assertConfigChecks("responder", ROOT.resolve("config/responder-ha.yml"), env);
  }

  @Test
  void alertmanagerReadsTheTokenFileTheComposeEntrypointWrites() throws IOException {
    JsonNode cfg = composeConfig(envExample(Map.of()));
    String entrypoint = String.join(" ", strings(cfg.at("/services/alertmanager/entrypoint")));
    assertThat(entrypoint)
        .contains("> /run/botwatch/webhook_token")
        .contains("--config.file=/etc/alertmanager/alertmanager.yml")
        .contains("exec /bin/alertmanager");
    assertThat(Files.readString(ROOT.resolve("docker/alertmanager/alertmanager.yml")))
        .contains("credentials_file: /run/botwatch/webhook_token");
  }

  @Test
  void systemdUnitsVerify() {
    Path units = ROOT.resolve("deploy/systemd");
    Tool.Result r =
        Tool.run(
            units,
            Map.of(),
            List.of(
                Tool.require("systemd-analyze", "systemd").toString(),
                "verify",
                "--man=no",
                units.resolve("botwatch-exporter.service").toString(),
                units.resolve("botwatch-responder.service").toString()));
    // verify prints problems and still exits 0 for some of them: both must be clean.
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output().lines().filter(l -> l.contains("botwatch-")).toList())
        .as(r.output())
        .isEmpty();
  }

  @Test
  void systemdUnitsAndImagesUseTheLaunchScriptsJvmFlags() throws IOException {
    Matcher m =
        Pattern.compile("JVM_FLAGS=\\(([^)]*)\\)", Pattern.DOTALL)
            .matcher(Files.readString(ROOT.resolve("bin/lib.sh")));
    assertThat(m.find()).as("JVM_FLAGS in bin/lib.sh").isTrue();
    String flags = String.join(" ", m.group(1).trim().split("\\s+"));
    assertThat(flags).contains("-Xmx64m");
    for (String name : List.of("exporter", "responder")) {
      String unit = "botwatch-" + name + ".service";
      String text = Files.readString(ROOT.resolve("deploy/systemd").resolve(unit));
      assertThat(text)
          .contains(
              "ExecStart=/usr/bin/java "
                  + flags
                  + " -XX:SharedArchiveFile=/opt/botwatch/botwatch-"
                  + name
                  + ".jsa -jar /opt/botwatch/botwatch-"
                  + name
                  + ".jar ");
      assertThat(text)
          .contains(
              "User=botwatch",
              "NoNewPrivileges=true",
              "ProtectSystem=strict",
              "PrivateTmp=true",
              "Restart=on-failure",
              "EnvironmentFile=");
    }
    assertThat(Files.readString(ROOT.resolve("docker/app.Dockerfile")))
        .contains("BOTWATCH_JVM_FLAGS=\"" + flags + "\"")
        .as("the image trains and maps its class-data archive with its own JVM")
        .contains(
            "java $BOTWATCH_JVM_FLAGS -XX:ArchiveClassesAtExit=/opt/botwatch/botwatch-$MODULE.jsa")
        .contains("exec java $BOTWATCH_JVM_FLAGS $cds ");
  }

  @Test
  void imageHealthcheckSpeaksHttpWithoutCurl() throws IOException {
    Path script = ROOT.resolve("docker/healthcheck.sh");
    assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
    String bash = Tool.require("bash", "bash").toString();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/-/healthy",
        x -> {
          x.sendResponseHeaders(200, 2);
          x.getResponseBody().write("ok".getBytes());
          x.close();
        });
    server.createContext(
        "/-/ready",
        x -> {
          x.sendResponseHeaders(503, -1);
          x.close();
        });
    server.start();
    try {
      String port = String.valueOf(server.getAddress().getPort());
      assertThat(check(bash, script, port, "/-/healthy").exit()).isZero();
      Tool.Result notReady = check(bash, script, port, "/-/ready");
      assertThat(notReady.exit()).isNotZero();
      assertThat(notReady.output()).contains("503");
    } finally {
      server.stop(0);
    }
    // Nothing listening: unhealthy, not hanging.
    int closed;
    try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(check(bash, script, String.valueOf(closed), "/-/healthy").exit()).isNotZero();
  }

  private Tool.Result check(String bash, Path script, String port, String path) {
    return Tool.run(
        tmp,
        Map.of("BOTWATCH_PORT", port, "BOTWATCH_HEALTH_PATH", path),
        List.of(bash, script.toString()));
  }

  // ---------------------------------------------------------------------------------------------

  /** {@code except}: JSON pointers of parts the two files may differ in beyond hosts and paths. */
  private void assertOnlyHostsAndPathsDiffer(
      String nativeFile, String composeFile, String... except) throws IOException {
    JsonNode nativeTree = YAML.readTree(ROOT.resolve(nativeFile).toFile());
    JsonNode composeTree = YAML.readTree(ROOT.resolve(composeFile).toFile());
    for (String pointer : except) {
      for (JsonNode tree : List.of(nativeTree, composeTree)) {
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) tree.at(pointer.substring(0, slash))).remove(pointer.substring(slash + 1));
      }
    }
    JsonNode mapped = mapStrings(nativeTree.deepCopy());
    assertThat(composeTree)
        .as(
            composeFile
                + " must equal "
                + nativeFile
                + " with only "
                + NATIVE_TO_COMPOSE.keySet()
                + " replaced")
        .isEqualTo(mapped);
    assertThat(composeTree).as("the copy differs in some host or path").isNotEqualTo(nativeTree);
  }

  private static JsonNode mapStrings(JsonNode node) {
    if (node.isTextual()) {
      String s = node.asText();
      for (Map.Entry<String, String> e : NATIVE_TO_COMPOSE.entrySet()) {
        s = s.replace(e.getKey(), e.getValue());
      }
      return TextNode.valueOf(s);
    }
    if (node.isArray()) {
      var arr = (com.fasterxml.jackson.databind.node.ArrayNode) node;
      for (int i = 0; i < arr.size(); i++) {
        arr.set(i, mapStrings(arr.get(i)));
      }
    } else if (node.isObject()) {
      ObjectNode obj = (ObjectNode) node;
      List<String> keys = new ArrayList<>();
      obj.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        obj.set(k, mapStrings(obj.get(k)));
      }
    }
    return node;
  }

  private Path envExample(Map<String, String> overrides) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(envFile(ROOT.resolve(".env.example")));
    env.put("BOTWATCH_WEBHOOK_TOKEN", "test-webhook-token");
    env.put("BOTWATCH_CONTROL_TOKEN", "test-control-token");
    env.putAll(overrides);
    Path f = tmp.resolve("test.env");
    List<String> lines = new ArrayList<>();
    env.forEach((k, v) -> lines.add(k + "=" + v));
    Files.write(f, lines);
    return f;
  }

  private static Map<String, String> envFile(Path f) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(f)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      assertThat(eq).as(f + ": " + line).isPositive();
      env.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return env;
  }

  private JsonNode composeConfig(Path envFile) throws IOException {
    Tool.Result r = compose(envFile, "config");
    assertThat(r.exit()).as("docker-compose config:\n" + r.output()).isZero();
    return YAML.readTree(r.output());
  }

  private Tool.Result compose(Path envFile, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Tool.require("docker-compose", "docker-compose").toString());
    cmd.addAll(
        List.of(
            "--env-file", envFile.toString(), "-f", ROOT.resolve("docker-compose.yml").toString()));
    cmd.addAll(List.of(args));
    return Tool.run(tmp, Map.of(), cmd);
  }

  private static List<String> mounts(JsonNode cfg, String service) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : cfg.at("/services/" + service + "/volumes")) {
      // docker-compose 1.x prints "source:target:mode", compose v2 a mapping.
      out.add(
          v.isTextual() ? v.asText() : v.path("source").asText() + ":" + v.path("target").asText());
    }
    return out;
  }

  private static List<String> names(JsonNode obj) {
    List<String> out = new ArrayList<>();
    if (obj.isObject()) {
      obj.fieldNames().forEachRemaining(out::add);
    } else if (obj.isArray()) {
      obj.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    for (Iterator<JsonNode> it = arr.elements(); it.hasNext(); ) {
      out.add(it.next().asText());
    }
    return out;
  }
}
