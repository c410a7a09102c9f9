package dev.botwatch.demobot.sim;

import java.util.Optional;

/**
 * The failures the demo bot can act out, one per failure class of the alert catalog, each with the
 * alert it should make fire and what heals it (the control action the responder's playbook calls,
 * or a process restart). docs/demo-bot.md is the same table for people.
 */
public enum Fault {
  API_ERRORS(
      "api_errors",
      "API calls fail (body {\"ratio\": 0-1}, the share that fails, default 1: every call)",
      "BotApiErrorRateHigh",
      "reset-connections; resume after an emergency stop"),
  API_SLOW("api_slow", "API calls take 15-40 s", "BotApiLatencyHigh", "reset-connections"),
  STALL(
      "stall",
      "the main loop hangs: no heartbeat, no log writes, no events, no state",
      "BotHeartbeatStale, BotLogInactive",
      "restart-component (any) or a process restart"),
  MEMORY_GROWTH(
      "memory_growth",
      "native memory grows by memory_growth.step_mib per tick up to cap_mib",
      "BotMemoryHigh",
      "a process restart (or DELETE /faults/memory_growth; resume after an emergency stop)"),
  LOSSES(
      "losses",
      "every trade fails and loses money (body {\"loss_per_trade\": n}, default 5)",
      "BotTradeSuccessRateLow, BotDailyLossLimit, BotDailyLossEmergency",
      "reset-strategy or restart-component main (medium); resume after an emergency stop"),
  WEBSOCKET_FLAP(
      "websocket_flap",
      "the price stream drops and reconnects every tick",
      "BotWebsocketReconnects, BotWebsocketDisconnected",
      "reset-connections"),
  STALE_DATA(
      "stale_data",
      "prices stop refreshing: the data file and data_updated stand still",
      "BotDataStale",
      "refresh-data"),
  BROKEN_CONFIG(
      "broken_config",
      "the strategy config file is overwritten with invalid JSON",
      "BotConfigInvalid",
      "restore_file putting a valid copy back (the bot re-reads it each tick)"),
  EXIT("exit", "the process exits with status 1", "BotProcessDown", "a process restart"),
  COMPONENT_DOWN(
      "component_down",
      "one component (body {\"component\": ...}, default scanner) reports up=0",
      "BotComponentDown",
      "restart-component of that component (or main)"),
  NONCE_FAILURES(
      "nonce_failures",
      "nonce generation fails every tick",
      "BotNonceFailures",
      "reset-connections"),
  SLOW_SCANS(
      "slow_scans",
      "scans take 60-120 s",
      "BotScanSlow",
      "clear-cache, or restart-component scanner or main (medium)"),
  SLOW_CONTROL(
      "slow_control",
      "control calls take effect at once but answer only after seconds (body {\"seconds\": n},"
          + " 0-600, default 30): a hung control API",
      "none (the responder's control call times out)",
      "DELETE /faults/slow_control or a process restart");

  private final String wireName;
  private final String effect;
  private final String alert;
  private final String clearedBy;

  Fault(String wireName, String effect, String alert, String clearedBy) {
    this.wireName = wireName;
    this.effect = effect;
    this.alert = alert;
    this.clearedBy = clearedBy;
  }

  /** The name in URLs and JSON ({@code api_errors}). */
  public String wireName() {
    return wireName;
  }

  public String effect() {
    return effect;
  }

  public String alert() {
    return alert;
  }

  public String clearedBy() {
    return clearedBy;
  }

  public static Optional<Fault> byName(String name) {
    for (Fault f : values()) {
      if (f.wireName.equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
