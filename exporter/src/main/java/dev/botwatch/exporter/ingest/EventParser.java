package dev.botwatch.exporter.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Parses a body of bot events (a JSON array, one JSON object, or NDJSON) into validated {@link
 * Event}s. It validates everything before returning anything, so a caller applies a batch whole or
 * not at all. Errors name the event and field ({@code events[2].outcome must be one of ...}):
 * unparsable JSON is a 400, anything understood but wrong a 422. Fields the contract does not name
 * are ignored, so bots may send context (symbol, order id) without breaking.
 */
public final class EventParser {
  public static final Set<String> TYPES =
      Set.of(
          "trade", "scan", "api_call", "error", "websocket", "nonce", "balance_check", "heartbeat");
  static final Set<String> SUCCESS_FAILURE = Set.of("success", "failure");
  static final Set<String> API_OUTCOMES = Set.of("success", "error", "timeout", "rate_limited");
  static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
  static final Set<String> WS_EVENTS = Set.of("connected", "disconnected", "reconnect");

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final DoubleSupplier nowSeconds;

  public EventParser(DoubleSupplier nowSeconds) {
    this.nowSeconds = nowSeconds;
  }

  /** Parses a JSON array or a single JSON object. */
  public List<Event> parseJson(byte[] body) {
    JsonNode root = readTree(body, null);
    if (root.isObject()) {
      return List.of(event(root, 0));
    }
    if (!root.isArray()) {
      throw IngestException.badJson(null, "body must be a JSON array of events or one event");
    }
    List<Event> out = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      out.add(event(root.get(i), i));
    }
    return out;
  }

  /** Parses NDJSON: one event object per line, blank lines skipped. */
  public List<Event> parseNdjson(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    List<Event> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int i = out.size();
      out.add(event(readTree(line.getBytes(StandardCharsets.UTF_8), "events[" + i + "]"), i));
    }
    return out;
  }

  private static JsonNode readTree(byte[] body, String field) {
    if (body.length == 0) {
      throw IngestException.badJson(field, "body is empty");
    }
    try (JsonParser p = JSON.createParser(body)) {
      JsonNode n = JSON.readTree(p);
      if (n == null || n.isMissingNode()) {
        throw IngestException.badJson(field, "body is empty");
      }
      return n;
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      // The location, not Jackson's message: that one quotes the input back.
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw IngestException.badJson(
          field, (field == null ? "" : field + ": ") + "invalid JSON" + where);
    } catch (IOException e) {
      throw IngestException.badJson(field, "unreadable body");
    }
  }

  Event event(JsonNode node, int i) {
    String path = "events[" + i + "]";
    Fields.object(node, path);
    Fields f = new Fields(node, path);
    String type = f.string("type", TYPES);
    String bot = BotNames.check(f.string("bot", null), f.at("bot"));
    double now = nowSeconds.getAsDouble();
    double ts = f.has("ts") ? Fields.pastTime(node.get("ts"), f.at("ts"), now) : now;
    return switch (type) {
      case "trade" ->
          new Event.Trade(
              bot, ts, f.string("outcome", SUCCESS_FAILURE), f.optNonNegative("duration_seconds"));
      case "scan" ->
          new Event.Scan(
              bot,
              ts,
              f.nonNegative("duration_seconds"),
              f.optCount("tokens_discovered"),
              f.optCount("tokens_approved"));
      case "api_call" ->
          new Event.ApiCall(
              bot,
              ts,
              f.label("api"),
              f.string("outcome", API_OUTCOMES),
              f.nonNegative("duration_seconds"));
      case "error" ->
          new Event.Error(bot, ts, f.label("component"), f.string("severity", SEVERITIES));
      case "websocket" ->
          new Event.Websocket(
              bot,
              ts,
              f.label("stream"),
              f.string("event", WS_EVENTS),
              f.optNonNegative("latency_seconds"));
      case "nonce" -> new Event.Nonce(bot, ts, f.string("outcome", SUCCESS_FAILURE));
      case "balance_check" -> new Event.BalanceCheck(bot, ts, f.nonNegative("duration_seconds"));
      default -> new Event.Heartbeat(bot, ts, f.optLabel("component", "main"));
    };
  }
}
