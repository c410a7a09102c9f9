package dev.botwatch.demobot.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bot's strategy config, the JSON file it re-reads every tick (like a Freqtrade config): name,
 * position limit, stake per trade, pairs. {@link #parse} is pure and says what is wrong.
 */
public record Strategy(String name, int maxPositions, double stakeAmount, List<String> pairs) {
  public static final Strategy DEFAULT =
      new Strategy("momentum", 5, 50.0, List.of("BTC/USDT", "ETH/USDT", "SOL/USDT"));

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What reading the file gave: a strategy, or the reason there is none. */
  public record Check(Strategy strategy, String error) {
    public static Check valid(Strategy s) {
      return new Check(s, null);
    }

    public static Check invalid(String error) {
      return new Check(null, error);
    }

    public boolean isValid() {
      return strategy != null;
    }
  }

  public static Check parse(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      return Check.invalid("invalid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()));
    }
    if (root == null || !root.isObject()) {
      return Check.invalid("must be a JSON object");
    }
    JsonNode name = root.get("strategy");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      return Check.invalid("strategy must be a non-empty string");
    }
    JsonNode max = root.get("max_positions");
    if (max == null
        || !max.canConvertToInt()
        || !max.isIntegralNumber()
        || max.asInt() < 1
        || max.asInt() > 50) {
      return Check.invalid("max_positions must be an integer 1-50");
    }
    JsonNode stake = root.get("stake_amount");
    if (stake == null || !stake.isNumber() || stake.asDouble() <= 0) {
      return Check.invalid("stake_amount must be a number > 0");
    }
    JsonNode pairs = root.get("pairs");
    if (pairs == null || !pairs.isArray() || pairs.isEmpty()) {
      return Check.invalid("pairs must be a non-empty array");
    }
    List<String> p = new ArrayList<>();
    for (JsonNode n : pairs) {
      if (!n.isTextual() || n.asText().isBlank()) {
        return Check.invalid("pairs must hold non-empty strings");
      }
      p.add(n.asText());
    }
    return Check.valid(new Strategy(name.asText(), max.asInt(), stake.asDouble(), List.copyOf(p)));
  }

  /** The file's text for this strategy (what the bot writes when the file is missing). */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("strategy", name);
    m.put("max_positions", maxPositions);
    m.put("stake_amount", stakeAmount);
    m.put("pairs", pairs);
    try {
      return JSON.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
