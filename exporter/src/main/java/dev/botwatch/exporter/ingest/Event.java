package dev.botwatch.exporter.ingest;

/**
 * One validated bot event (docs/bot-contract.md). Optional numbers are NaN when absent, optional
 * counts -1. {@code ts} is the bot's clock in Unix seconds (the exporter's when left out); only
 * heartbeats use it, because counters and histograms cannot be back-dated.
 */
public sealed interface Event {
  String bot();

  double ts();

  /** The {@code type} on the wire, also the label of {@code botwatch_events_received_total}. */
  String type();

  record Trade(String bot, double ts, String outcome, double durationSeconds) implements Event {
    public String type() {
      return "trade";
    }
  }

  record Scan(String bot, double ts, double durationSeconds, long discovered, long approved)
      implements Event {
    public String type() {
      return "scan";
    }
  }

  record ApiCall(String bot, double ts, String api, String outcome, double durationSeconds)
      implements Event {
    public String type() {
      return "api_call";
    }
  }

  record Error(String bot, double ts, String component, String severity) implements Event {
    public String type() {
      return "error";
    }
  }

  record Websocket(String bot, double ts, String stream, String event, double latencySeconds)
      implements Event {
    public String type() {
      return "websocket";
    }
  }

  record Nonce(String bot, double ts, String outcome) implements Event {
    public String type() {
      return "nonce";
    }
  }

  record BalanceCheck(String bot, double ts, double durationSeconds) implements Event {
    public String type() {
      return "balance_check";
    }
  }

  record Heartbeat(String bot, double ts, String component) implements Event {
    public String type() {
      return "heartbeat";
    }
  }
}
