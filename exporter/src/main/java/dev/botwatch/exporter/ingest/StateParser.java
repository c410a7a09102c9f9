package dev.botwatch.exporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Parses and validates a state snapshot body (docs/bot-contract.md) into a {@link BotState}, and
 * lists the bot-supplied label values it uses so {@link LabelGuard} can cap them. Errors name the
 * field by its path in the body ({@code kill_switches.daily_loss.blocked_until}). Unknown fields
 * are ignored, like in events.
 */
public final class StateParser {
  static final Set<String> TRADING_STATES = Set.of("running", "paused", "stopped");

  /** The parsed snapshot and the label values it needs admitted. */
  public record Parsed(BotState state, List<LabelGuard.Use> uses) {}

  private final java.util.function.DoubleSupplier now;

  public StateParser(java.util.function.DoubleSupplier nowSeconds) {
    this.now = nowSeconds;
  }

  public Parsed parse(String bot, byte[] body) {
    JsonNode root = readObject(body);
    Fields f = new Fields(root, "");
    List<LabelGuard.Use> uses = new ArrayList<>();
    uses.add(LabelGuard.Use.bot(bot, "bot"));
    BotState.Pnl pnl = null;
    if (f.has("pnl")) {
      Fields p = new Fields(Fields.object(root.get("pnl"), "pnl"), "pnl");
      pnl =
          new BotState.Pnl(
              optNumber(root.get("pnl"), "daily", "pnl"),
              optNumber(root.get("pnl"), "total", "pnl"),
              p.label("currency"));
      uses.add(new LabelGuard.Use(bot, "currency", pnl.currency(), "pnl.currency", "bot"));
    }
    var state =
        new BotState(
            f.optLabel("version", null),
            f.optLabel("exchange", null),
            f.optLabel("strategy", null),
            f.optLabel("profile", null),
            pnl,
            map(root, "balance", "currency", bot, uses, Fields::number),
            count(f, "open_positions"),
            count(f, "open_entry_orders"),
            count(f, "max_positions"),
            map(root, "kill_switches", "switch", bot, uses, StateParser::killSwitch),
            count(f, "symbols_on_probation"),
            count(f, "strategy_overlaps"),
            map(root, "components", "component", bot, uses, Fields::bool),
            map(
                root,
                "data_updated",
                "source",
                bot,
                uses,
                (v, at) -> Fields.pastTime(v, at, now.getAsDouble())),
            f.has("emergency_mode")
                ? Fields.bool(root.get("emergency_mode"), "emergency_mode")
                : null,
            f.optString("trading_state", TRADING_STATES, null),
            nonNegative(f, "nonce_generation_rate"),
            map(root, "rate_limit_usage", "api", bot, uses, Fields::ratio),
            map(root, "websockets", "stream", bot, uses, StateParser::websocket));
    return new Parsed(state, uses);
  }

  private static JsonNode readObject(byte[] body) {
    if (body.length == 0) {
      throw IngestException.badJson(null, "body is empty");
    }
    JsonNode root;
    try {
      root = EventParser.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw IngestException.badJson(null, "invalid JSON");
    }
    if (root == null || !root.isObject()) {
      throw IngestException.badJson(null, "body must be a JSON object");
    }
    return root;
  }

  private static Double nonNegative(Fields f, String name) {
    double d = f.optNonNegative(name);
    return Double.isNaN(d) ? null : d;
  }

  private static Double count(Fields f, String name) {
    return f.has(name) ? Fields.count(f.node(name), f.at(name)) : null;
  }

  private static Double optNumber(JsonNode obj, String name, String path) {
    JsonNode v = obj.get(name);
    return v == null || v.isNull() ? null : Fields.number(v, path + "." + name);
  }

  private static BotState.KillSwitch killSwitch(JsonNode v, String at) {
    Fields.object(v, at);
    JsonNode active = v.get("active");
    if (active == null || active.isNull()) {
      throw IngestException.invalid(at + ".active", "is required");
    }
    JsonNode until = v.get("blocked_until");
    return new BotState.KillSwitch(
        Fields.bool(active, at + ".active"),
        until == null || until.isNull() ? null : Fields.deadline(until, at + ".blocked_until"));
  }

  private static BotState.Websocket websocket(JsonNode v, String at) {
    Fields.object(v, at);
    JsonNode c = v.get("connected");
    JsonNode l = v.get("latency_seconds");
    return new BotState.Websocket(
        c == null || c.isNull() ? null : Fields.bool(c, at + ".connected"),
        l == null || l.isNull() ? null : Fields.nonNegative(l, at + ".latency_seconds"));
  }

  /** A JSON object whose keys are label values; each key is capped under {@code label}. */
  private static <T> Map<String, T> map(
      JsonNode root,
      String name,
      String label,
      String bot,
      List<LabelGuard.Use> uses,
      BiFunction<JsonNode, String, T> value) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    Fields.object(node, name);
    Map<String, T> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = name + "." + e.getKey();
      if (e.getKey().isBlank() || e.getKey().length() > Fields.MAX_LABEL_LENGTH) {
        throw IngestException.invalid(
            at, "key must be 1-" + Fields.MAX_LABEL_LENGTH + " characters");
      }
      out.put(e.getKey(), value.apply(e.getValue(), at));
      uses.add(new LabelGuard.Use(bot, label, e.getKey(), at, "bot"));
    }
    return out;
  }
}
