package dev.botwatch.responder.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses and checks an Alertmanager webhook v4 body. Pure: no HTTP, no I/O. Every refusal names the
 * field, because Alertmanager does not retry a 4xx and a person reads the error in its log. An
 * empty {@code alerts} list is valid (nothing to do).
 */
public final class PayloadParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-fA-F]{1,64}");
  private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  public Notification parse(String body) throws PayloadException {
    JsonNode root;
    try {
      root = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new PayloadException(null, "body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new PayloadException(null, "body must be a JSON object");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isTextual() || !"4".equals(version.asText())) {
      throw new PayloadException("version", "must be \"4\" (Alertmanager webhook v4)");
    }
    boolean firing = status(root.get("status"), "status");
    String groupKey = text(root, "groupKey", "groupKey", true);
    String receiver = text(root, "receiver", "receiver", false);
    JsonNode truncated = root.get("truncatedAlerts");
    if (truncated != null && !truncated.isNull() && !truncated.canConvertToInt()) {
      throw new PayloadException("truncatedAlerts", "must be an integer");
    }
    Map<String, String> groupLabels = stringMap(root.get("groupLabels"), "groupLabels", false);
    JsonNode alerts = root.get("alerts");
    if (alerts == null || !alerts.isArray()) {
      throw new PayloadException("alerts", "must be an array");
    }
    List<Alert> out = new ArrayList<>(alerts.size());
    for (int i = 0; i < alerts.size(); i++) {
      out.add(alert(alerts.get(i), "alerts[" + i + "]"));
    }
    return new Notification(
        groupKey,
        firing,
        receiver,
        truncated == null || truncated.isNull() ? 0 : truncated.asInt(),
        groupLabels,
        out);
  }

  private static Alert alert(JsonNode a, String at) throws PayloadException {
    if (a == null || !a.isObject()) {
      throw new PayloadException(at, "must be an object");
    }
    boolean firing = status(a.get("status"), at + ".status");
    Map<String, String> labels = stringMap(a.get("labels"), at + ".labels", true);
    Map<String, String> annotations = stringMap(a.get("annotations"), at + ".annotations", false);
    Instant startsAt = time(a.get("startsAt"), at + ".startsAt", true);
    Instant endsAt = time(a.get("endsAt"), at + ".endsAt", false);
    if (endsAt != null && endsAt.equals(ZERO_TIME)) {
      endsAt = null;
    }
    String fingerprint = text(a, "fingerprint", at + ".fingerprint", true);
    if (!FINGERPRINT.matcher(fingerprint).matches()) {
      throw new PayloadException(at + ".fingerprint", "must be hexadecimal");
    }
    JsonNode gen = a.get("generatorURL");
    return new Alert(
        firing,
        labels,
        annotations,
        startsAt,
        endsAt,
        gen == null || gen.isNull() ? "" : gen.asText(),
        fingerprint);
  }

  private static boolean status(JsonNode n, String at) throws PayloadException {
    if (n != null && n.isTextual()) {
      if ("firing".equals(n.asText())) {
        return true;
      }
      if ("resolved".equals(n.asText())) {
        return false;
      }
    }
    throw new PayloadException(at, "must be \"firing\" or \"resolved\"");
  }

  private static String text(JsonNode parent, String name, String at, boolean required)
      throws PayloadException {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      if (required) {
        throw new PayloadException(at, "is required");
      }
      return "";
    }
    if (!n.isTextual() || (required && n.asText().isEmpty())) {
      throw new PayloadException(at, "must be a non-empty string");
    }
    return n.asText();
  }

  private static Map<String, String> stringMap(JsonNode n, String at, boolean required)
      throws PayloadException {
    if (n == null || n.isNull()) {
      if (required) {
        throw new PayloadException(at, "is required");
      }
      return Map.of();
    }
    if (!n.isObject()) {
      throw new PayloadException(at, "must be an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    var it = n.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().isTextual()) {
        throw new PayloadException(at + "." + e.getKey(), "must be a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static Instant time(JsonNode n, String at, boolean required) throws PayloadException {
    if (n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty() && !required)) {
      if (required) {
        throw new PayloadException(at, "is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw new PayloadException(at, "must be an RFC 3339 time");
    }
    try {
      return OffsetDateTime.parse(n.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new PayloadException(at, "must be an RFC 3339 time");
    }
  }
}
