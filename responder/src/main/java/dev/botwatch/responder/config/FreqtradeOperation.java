package dev.botwatch.responder.config;

import java.util.Locale;

/**
 * The operations of a {@code freqtrade} step ({@code operation:}); what each sends and what counts
 * as done is the Freqtrade action's business.
 */
public enum FreqtradeOperation {
  /** /pause (2025.4+) or /stopentry: no new entries, open trades still managed. */
  STOP_ENTRIES,
  /** /forceexit all at market, then /status until no trade is open. Liquidation. */
  FORCE_EXIT_ALL,
  /** DELETE /trades/{id}/open-order for each trade /status shows with an open order. */
  CANCEL_OPEN_ORDERS,
  /** /stop: the bot stops trading and managing trades. */
  STOP,
  /** /start. */
  START,
  /** /reload_config: Freqtrade re-reads its config file and restarts its trader. */
  RELOAD_CONFIG,
  /** Back to trading after an emergency: /start (2025.4+) or /reload_config then /start. */
  RESUME;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
