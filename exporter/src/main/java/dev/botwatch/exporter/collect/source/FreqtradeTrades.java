package dev.botwatch.exporter.collect.source;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What Freqtrade's open trades ({@code GET /api/v1/status}) hold: positions, and entry orders that
 * have not filled. Freqtrade opens a trade the moment it places the entry order, so an unfilled
 * limit entry is an "open trade" with nothing bought; counting it as a position would make a bot
 * that cannot get filled look full. Pure.
 *
 * <p>A trade is a position when its entry orders have filled something (each order's {@code
 * filled}, the entry side being {@code buy} for a long and {@code sell} for a short, {@code
 * stoploss} orders never). Its open entry orders ({@code is_open}) are entry orders, also while a
 * position adds to itself. Every version from 2023.1 on lists a trade's {@code orders}; when a
 * reply has none, the trade's own fields decide: {@code amount} (0 until the first fill since
 * 2024.1; the requested amount before), then {@code open_fill_timestamp} (2024.1+, null until
 * filled), and {@code has_open_orders} / {@code open_order_id} (2023.x) for the pending entry.
 */
final class FreqtradeTrades {
  /** Filled positions and open entry orders across the bot's open trades. */
  record Counts(int positions, int entryOrders) {}

  private FreqtradeTrades() {}

  static Counts count(JsonNode status) {
    int positions = 0;
    int entryOrders = 0;
    for (JsonNode trade : status) {
      String entrySide = trade.path("is_short").asBoolean(false) ? "sell" : "buy";
      JsonNode orders = trade.path("orders");
      if (orders.isArray() && !orders.isEmpty()) {
        double filled = 0;
        for (JsonNode o : orders) {
          if (entrySide.equals(o.path("ft_order_side").asText())) {
            filled += Math.max(0, o.path("filled").asDouble(0));
            if (o.path("is_open").asBoolean(false)) {
              entryOrders++;
            }
          }
        }
        positions += filled > 0 ? 1 : 0;
      } else if (filledWithoutOrders(trade)) {
        positions++;
      } else if (trade.path("has_open_orders").asBoolean(false)
          || trade.path("open_order_id").isTextual()) {
        entryOrders++;
      }
    }
    return new Counts(positions, entryOrders);
  }

  private static boolean filledWithoutOrders(JsonNode trade) {
    if (!(trade.path("amount").asDouble(0) > 0)) {
      return false;
    }
    JsonNode fill = trade.get("open_fill_timestamp");
    return fill == null || !fill.isNull();
  }
}
