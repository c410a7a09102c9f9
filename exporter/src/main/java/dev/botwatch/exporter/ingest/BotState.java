package dev.botwatch.exporter.ingest;

import java.util.Map;

/**
 * A bot's latest state snapshot ({@code PUT /api/v1/bots/{bot}/state}), validated. Every field is
 * optional: null (or an empty map) means the bot did not send it, and then its series are absent
 * from {@code /metrics}, never a misleading zero.
 */
public record BotState(
    String version,
    String exchange,
    String strategy,
    String profile,
    Pnl pnl,
    Map<String, Double> balance,
    Double openPositions,
    Double openEntryOrders,
    Double maxPositions,
    Map<String, KillSwitch> killSwitches,
    Double symbolsOnProbation,
    Double strategyOverlaps,
    Map<String, Boolean> components,
    Map<String, Double> dataUpdated,
    Boolean emergencyMode,
    String tradingState,
    Double nonceGenerationRate,
    Map<String, Double> rateLimitUsage,
    Map<String, Websocket> websockets) {

  /** Profit and loss in one currency; either figure may be missing. */
  public record Pnl(Double daily, Double total, String currency) {}

  /** A kill switch; {@code blockedUntil} is Unix seconds or null. */
  public record KillSwitch(boolean active, Double blockedUntil) {}

  /** A websocket stream as the bot sees it now. */
  public record Websocket(Boolean connected, Double latencySeconds) {}
}
