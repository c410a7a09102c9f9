package dev.botwatch.exporter.config;

/**
 * What {@code bot_info} says about a bot before (or instead of) its state snapshot: {@code
 * bots.<name>.info}. Fields the bot sends in its state override these.
 */
public record BotInfo(String version, String exchange, String strategy, String profile) {
  public static final BotInfo EMPTY = new BotInfo(null, null, null, null);
}
