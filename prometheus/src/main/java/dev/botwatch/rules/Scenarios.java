package dev.botwatch.rules;

/** Input series shared by several alerts' generated tests. */
final class Scenarios {
  private Scenarios() {}

  /** A histogram whose p95 is {@code p.v()}: every observation in one bucket (0, v/0.95]. */
  static void p95(Probe p, String histogram) {
    String le = Probe.num(p.v() / 0.95);
    p.counter(histogram + "_bucket", 1, "le", le);
    p.counter(histogram + "_bucket", 1, "le", "+Inf");
    p.counter(histogram + "_count", 1);
    p.counter(histogram + "_sum", p.v());
  }

  /** A summary-like pair whose mean is {@code p.v()}. */
  static void mean(Probe p, String histogram, String... extra) {
    p.counter(histogram + "_count", 1, extra);
    p.counter(histogram + "_sum", p.v(), extra);
  }

  /**
   * A condition that is true when v is 1: the gauge is {@code bad} then, {@code good} otherwise.
   */
  static void state(Probe p, String gauge, double bad, double good) {
    p.gauge(gauge, p.v() > 0 ? bad : good);
  }

  /** A timestamp gauge updated every minute until {@code t - v}, then frozen (age v at t). */
  static void updatedUntil(Probe p, String gauge, String... extra) {
    long k = Math.round((p.t() - p.v()) / 60);
    p.values(gauge, "0+60x" + k + " " + k * 60 + "x" + (p.steps() - k), extra);
  }

  /** The bot trades normally: no kill switch, no emergency, state running. */
  static void tradingAllowed(Probe p) {
    p.gauge("bot_kill_switch_active", 0, "switch", "daily_loss");
    p.gauge("bot_emergency_mode", 0);
    p.gauge("bot_trading_state", 1, "state", "running");
    p.gauge("bot_trading_state", 0, "state", "paused");
  }

  static void killSwitchOn(Probe p) {
    p.gauge("bot_kill_switch_active", 1, "switch", "daily_loss");
  }

  static void emergencyOn(Probe p) {
    p.gauge("bot_emergency_mode", 1);
  }

  static void paused(Probe p) {
    p.gauge("bot_trading_state", 0, "state", "running");
    p.gauge("bot_trading_state", 1, "state", "paused");
  }
}
