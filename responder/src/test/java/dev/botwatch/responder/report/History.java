package dev.botwatch.responder.report;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongPredicate;

/**
 * A day and an hour of one bot's history in OpenMetrics, a sample a minute up to {@code end}: what
 * the exporter and Prometheus' rules would have written. Minute {@code m} counts back from the end
 * ({@code m = 0} at {@code end}).
 */
final class History {
  static final int MINUTES = 25 * 60;
  static final String HOSTILE_BOT = "<img src=x onerror=alert(1)>";
  static final String HOSTILE_ALERT = "Evil<b>Alert</b>";

  private History() {}

  static String of(Instant end) {
    StringBuilder b = new StringBuilder();
    b.append("# TYPE bot_process_up gauge\n");
    // Down for the hour that ended four hours before the end: 60 of the day's 1441 samples.
    series(b, "bot_process_up{bot=\"paper\"}", end, m -> true, m -> m > 240 && m <= 300 ? 0 : 1);
    series(b, "bot_process_up{bot=\"" + HOSTILE_BOT + "\"}", end, m -> true, m -> 1);
    b.append("# TYPE bot_trades counter\n");
    // A success a minute and a failure every ten: 1440 and 144 in the last 24 h.
    series(
        b, "bot_trades_total{bot=\"paper\",outcome=\"success\"}", end, m -> true, m -> MINUTES - m);
    series(
        b,
        "bot_trades_total{bot=\"paper\",outcome=\"failure\"}",
        end,
        m -> true,
        m -> (MINUTES - m) / 10);
    b.append("# TYPE bot_pnl gauge\n");
    // Total PnL grows a cent a minute: 100.60 at the start of the day, 115.00 at its end.
    series(
        b,
        "bot_pnl{bot=\"paper\",period=\"total\",currency=\"USDT\"}",
        end,
        m -> true,
        m -> 100 + (MINUTES - m) * 0.01);
    series(
        b, "bot_pnl{bot=\"paper\",period=\"daily\",currency=\"USDT\"}", end, m -> true, m -> 7.5);
    b.append("# TYPE ALERTS gauge\n");
    // Fired twice: for two hours ending eight hours before the end, and the last half hour.
    series(
        b,
        alert("BotApiErrorRateHigh", "paper", "critical"),
        end,
        m -> (m > 480 && m <= 600) || m <= 30,
        m -> 1);
    series(b, alert(HOSTILE_ALERT, HOSTILE_BOT, "warning"), end, m -> m > 100 && m <= 110, m -> 1);
    series(
        b,
        "ALERTS{alertname=\"HostCpuHigh\",alertstate=\"firing\",severity=\"warning\"}",
        end,
        m -> m > 200 && m <= 220,
        m -> 1);
    b.append("# EOF\n");
    return b.toString();
  }

  private static String alert(String name, String bot, String severity) {
    return "ALERTS{alertname=\""
        + name
        + "\",alertstate=\"firing\",bot=\""
        + bot
        + "\",severity=\""
        + severity
        + "\"}";
  }

  interface Value {
    double at(long minute);
  }

  private static void series(
      StringBuilder b, String name, Instant end, LongPredicate present, Value v) {
    for (long m = MINUTES; m >= 0; m--) {
      if (present.test(m)) {
        long t = end.minus(Duration.ofMinutes(m)).getEpochSecond();
        b.append(name).append(' ').append(v.at(m)).append(' ').append(t).append('\n');
      }
    }
  }
}
