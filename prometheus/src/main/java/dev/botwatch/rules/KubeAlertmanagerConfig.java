package dev.botwatch.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * prometheus/alertmanager.yml's routing as a prometheus-operator AlertmanagerConfig
 * (monitoring.coreos.com/v1alpha1): the same tree of routes, timers, inhibition and receivers, with
 * the responder's webhook pointed at the {@code botwatch-responder} Service and its bearer token
 * taken from the Secret {@code botwatch-tokens} (key {@code webhook-token}). Email receivers use
 * the SMTP settings of your Alertmanager's global config.
 */
final class KubeAlertmanagerConfig {
  static final String RESPONDER_URL = "http://botwatch-responder.botwatch.svc:9320/alerts";
  private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"(.*)\"");
  private static final Map<String, String> TIMERS =
      Map.of(
          "group_by", "groupBy",
          "group_wait", "groupWait",
          "group_interval", "groupInterval",
          "repeat_interval", "repeatInterval");
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              // Quoted strings: a bare `=` (matchType) is YAML 1.1's value tag to some parsers.
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private KubeAlertmanagerConfig() {}

  static String render(Path alertmanagerYml) {
    try {
      JsonNode am = YAML.readTree(alertmanagerYml.toFile());
      ObjectNode doc = YAML.createObjectNode();
      doc.put("apiVersion", "monitoring.coreos.com/v1alpha1").put("kind", "AlertmanagerConfig");
      ObjectNode meta = doc.putObject("metadata");
      meta.put("name", "botwatch").putObject("labels").put("app.kubernetes.io/part-of", "botwatch");
      ObjectNode spec = doc.putObject("spec");
      spec.set("route", route(am.path("route")));
      ArrayNode inhibit = spec.putArray("inhibitRules");
      for (JsonNode rule : am.path("inhibit_rules")) {
        ObjectNode r = inhibit.addObject();
        r.set("sourceMatch", matchers(rule.path("source_matchers")));
        r.set("targetMatch", matchers(rule.path("target_matchers")));
        r.set("equal", rule.path("equal").deepCopy());
      }
      ArrayNode receivers = spec.putArray("receivers");
      for (JsonNode rcv : am.path("receivers")) {
        receivers.add(receiver(rcv));
      }
      return KubeFiles.header("prometheus/alertmanager.yml")
          + "# Namespaced like every AlertmanagerConfig: the operator matches only alerts whose\n"
          + "# namespace label is this resource's, and botwatch's alerts (aggregated by host and\n"
          + "# bot) have none. Set alertmanagerConfigMatcherStrategy: {type: None} on your\n"
          + "# Alertmanager resource, or route them in its own config (docs/scale.md).\n"
          + YAML.writeValueAsString(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode route(JsonNode r) {
    ObjectNode out = YAML.createObjectNode();
    if (r.has("receiver")) {
      out.put("receiver", r.path("receiver").asText());
    }
    if (r.has("matchers")) {
      out.set("matchers", matchers(r.path("matchers")));
    }
    TIMERS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .filter(t -> r.has(t.getKey()))
        .forEach(t -> out.set(t.getValue(), r.path(t.getKey()).deepCopy()));
    if (r.has("routes")) {
      ArrayNode routes = out.putArray("routes");
      r.path("routes").forEach(c -> routes.add(route(c)));
    }
    return out;
  }

  /** {@code severity="critical"} → {name: severity, value: critical, matchType: "="}. */
  static ArrayNode matchers(JsonNode strings) {
    ArrayNode out = YAML.createArrayNode();
    for (JsonNode s : strings) {
      Matcher m = MATCHER.matcher(s.asText());
      if (!m.matches()) {
        throw new IllegalArgumentException("alertmanager.yml: cannot read matcher " + s);
      }
      out.addObject().put("name", m.group(1)).put("value", m.group(3)).put("matchType", m.group(2));
    }
    return out;
  }

  private static ObjectNode receiver(JsonNode rcv) {
    ObjectNode out = YAML.createObjectNode().put("name", rcv.path("name").asText());
    for (String field : List.of("webhook_configs", "email_configs")) {
      if (!rcv.has(field)) {
        continue;
      }
      ArrayNode list =
          out.putArray(field.equals("webhook_configs") ? "webhookConfigs" : "emailConfigs");
      for (JsonNode c : rcv.path(field)) {
        ObjectNode o = list.addObject();
        if (field.equals("webhook_configs")) {
          o.put("url", RESPONDER_URL);
          o.putObject("httpConfig")
              .putObject("authorization")
              .put("type", c.at("/http_config/authorization/type").asText("Bearer"))
              .putObject("credentials")
              .put("name", "botwatch-tokens")
              .put("key", "webhook-token");
        } else {
          o.put("to", c.path("to").asText());
        }
        o.put("sendResolved", c.path("send_resolved").asBoolean(false));
      }
    }
    return out;
  }
}
