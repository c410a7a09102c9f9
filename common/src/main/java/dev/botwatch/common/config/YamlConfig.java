package dev.botwatch.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
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
    T value;
    try {
      value = mapper().readValue(yaml.isBlank() ? "{}" : yaml, type);
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
    String msg = e.getOriginalMessage();
    int cut = msg.indexOf(" at [Source");
    return where + (cut > 0 ? msg.substring(0, cut) : msg);
  }
}
