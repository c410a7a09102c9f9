package dev.botwatch.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads a YAML file into an immutable record tree. Keys are snake_case, unknown keys are rejected
 * (they are probably typos), durations are ISO-8601 or {@code 500ms}/{@code 10s}/{@code 5m}/ {@code
 * 1h}, and every error names its path. Records supply their own defaults in compact constructors
 * and check themselves through {@link Validatable}.
 *
 * <pre>{@code
 * ExporterConfig cfg = YamlConfig.load(Path.of("exporter.yml"), ExporterConfig.class);
 * }</pre>
 */
public final class YamlConfig {
  private static final Pattern VAR =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private YamlConfig() {}

  /** The mapper every config uses; also handy for tests that build YAML in memory. */
  public static ObjectMapper mapper() {
    return new ObjectMapper(new YAMLFactory())
        .registerModule(new JavaTimeModule())
        .registerModule(Durations.module())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  public static <T extends Validatable> T load(Path file, Class<T> type) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(file + ": no such file"));
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
    }
    return parse(text, type, file.toString());
  }

  public static <T extends Validatable> T parse(String yaml, Class<T> type, String source) {
    return parse(yaml, type, source, System.getenv());
  }

  public static <T extends Validatable> T parse(
      String yaml, Class<T> type, String source, Map<String, String> env) {
    T value;
    List<String> missing = new ArrayList<>();
    String expanded = expand(yaml, env, missing);
    if (!missing.isEmpty()) {
      throw new ConfigException(
          missing.stream()
              .map(v -> source + ": ${" + v + "} is not set and has no default")
              .toList());
    }
    try {
      value = mapper().readValue(expanded.isBlank() ? "{}" : expanded, type);
    } catch (JsonProcessingException e) {
      throw new ConfigException(List.of(source + ": " + describe(e)));
    }
    if (value == null) {
      throw new ConfigException(List.of(source + ": empty document"));
    }
    Problems problems = new Problems();
    value.validate("", problems);
    if (!problems.errors().isEmpty()) {
      throw new ConfigException(
          problems.errors().stream()
              .map(p -> source + ": " + (p.startsWith(" ") ? p.substring(1) : p))
              .toList());
    }
    return value;
  }

  /**
   * Replaces {@code ${NAME}} and {@code ${NAME:-default}} with environment values, so one file
   * serves the native stack (127.0.0.1) and compose (service names). Secrets do not go this way:
   * they are {@link Secret}s, read when needed and never part of the parsed text.
   */
  static String expand(String text, Map<String, String> env, List<String> missing) {
    Matcher m = VAR.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      if (v == null || v.isEmpty()) {
        v = m.group(2);
      }
      if (v == null) {
        missing.add(m.group(1));
        v = "";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static String describe(JsonProcessingException e) {
    String path =
        e instanceof JsonMappingException m
            ? m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[")
            : "";
    String where = path.isEmpty() ? "" : path + " ";
    if (e instanceof UnrecognizedPropertyException u) {
      return where
          + "is not a known key (known here: "
          + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()
          + ")";
    }
    if (e instanceof MismatchedInputException mi && mi.getTargetType() == Secret.class) {
      // Jackson's message quotes the value: here that would be the secret itself.
      return where
          + "must be {file: /path} or {env: VARIABLE}, naming where the secret lives, never the"
          + " secret itself";
    }
    String msg = e.getOriginalMessage();
    int cut = msg.indexOf(" at [Source");
    return where + (cut > 0 ? msg.substring(0, cut) : msg);
  }
}
