package dev.botwatch.responder.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.botwatch.common.config.Problems;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * A request body template, parsed as JSON once: placeholders may stand only inside JSON string
 * values ({@code {"component": "{{component}}"}}), never in keys or as bare values. Rendering
 * copies the tree and replaces each templated string with a new string node, so Jackson escapes the
 * label value: a quote, a backslash or a newline in a label can never add a key or end the
 * document. A value that is not valid Unicode (a lone surrogate) is refused; anything else is fine.
 */
public final class JsonTemplate {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final String WHERE = "a JSON body";

  private final JsonNode tree;

  private JsonTemplate(JsonNode tree) {
    this.tree = tree;
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} when {@link #validate} would. */
  public static JsonTemplate parse(String text) {
    Problems p = new Problems();
    JsonNode tree = check(text, "body", p);
    if (!p.errors().isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", p.errors()));
    }
    return new JsonTemplate(tree);
  }

  /** Config check: {@code at is not JSON ...} or a placeholder where it may not stand. */
  public static void validate(String text, String at, Problems p) {
    if (text != null) {
      check(text, at, p);
    }
  }

  private static JsonNode check(String text, String at, Problems p) {
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      p.add(
          at,
          "is not JSON"
              + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr())
              + (loc == null ? "" : ")")
              + (text.contains("{{")
                  ? ": a placeholder may stand only inside a JSON string, e.g. \"{{component}}\""
                  : ""));
      return null;
    }
    if (tree == null || tree.isMissingNode()) {
      p.add(at, "is not JSON (it is empty)");
      return null;
    }
    walk(tree, at, p);
    return tree;
  }

  private static void walk(JsonNode n, String at, Problems p) {
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (Template.mentionsPlaceholder(e.getKey())) {
          p.add(
              at,
              "uses a placeholder in the key \""
                  + e.getKey()
                  + "\": placeholders may stand only inside JSON string values");
        }
        walk(e.getValue(), at, p);
      }
    } else if (n.isArray()) {
      n.forEach(c -> walk(c, at, p));
    } else if (n.isTextual()) {
      try {
        Template.parse(n.textValue());
      } catch (IllegalArgumentException e) {
        p.add(at, "string \"" + n.textValue() + "\" " + e.getMessage());
      }
    }
  }

  /** The body for these labels, as a new tree. */
  public JsonNode render(Function<String, String> labels) throws Refusal {
    return render(tree, labels);
  }

  /** {@link #render} written as compact JSON text. */
  public String renderText(Function<String, String> labels) throws Refusal {
    try {
      return JSON.writeValueAsString(render(labels));
    } catch (JsonProcessingException e) {
      throw new Refusal("the JSON body could not be written: " + e.getClass().getSimpleName());
    }
  }

  private static JsonNode render(JsonNode n, Function<String, String> labels) throws Refusal {
    if (n.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), render(e.getValue(), labels));
      }
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      for (JsonNode c : n) {
        out.add(render(c, labels));
      }
      return out;
    }
    if (n.isTextual() && Template.mentionsPlaceholder(n.textValue())) {
      Template t = Template.parse(n.textValue());
      return TextNode.valueOf(
          t.render(
              name -> {
                String v = labels.apply(name);
                String why = Values.notUnicode(v);
                if (why != null) {
                  throw Refusal.label(name, v, WHERE, why);
                }
                return v;
              }));
    }
    return n.deepCopy();
  }
}
