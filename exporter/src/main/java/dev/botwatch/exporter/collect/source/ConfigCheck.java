package dev.botwatch.exporter.collect.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Optional;

/**
 * Whether a config file's text is valid: parses as JSON or YAML into a non-empty document and has
 * every required dotted key, not null. Pure: reading the file is the caller's job. JSON accepts
 * comments and trailing commas because Freqtrade's config.json does (it is read with rapidjson).
 */
final class ConfigCheck {
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
              .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
              .build());
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigCheck() {}

  /** Empty when valid, else why not (for a debug log; it never contains the file's values). */
  static Optional<String> problem(String text, String format, List<String> requiredKeys) {
    JsonNode root;
    try {
      root = ("yaml".equals(format) ? YAML : JSON).readTree(text);
    } catch (Exception e) {
      return Optional.of("does not parse as " + format);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return Optional.of("is empty");
    }
    for (String key : requiredKeys) {
      JsonNode n = root;
      for (String part : key.split("\\.")) {
        n = n.path(part);
      }
      if (n.isMissingNode() || n.isNull()) {
        return Optional.of("lacks required key " + key);
      }
    }
    return Optional.empty();
  }
}
