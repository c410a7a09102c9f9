package dev.botwatch.rules;

/**
 * A sentence a host alert's description ends with, naming the bot on that host that uses the most
 * of the resource: host metrics carry no {@code bot} label, so the alert itself cannot say which
 * bot to look at first, but a template {@code query} over the bots' process metrics of the same
 * exporter ({@code instance}) can. The generated tests feed two bots and expect the busier one.
 *
 * @param template the Go template appended to the rule's description
 * @param scenario the bots' series a test case adds next to the host series
 * @param expected what promtool must render for {@code scenario}
 */
record TopBot(String template, Probe.Scenario scenario, String expected) {
  private static final String NONE = "{{ else }}No bot process is watched on this host.{{ end }}";

  /** The bot burning the most CPU seconds per second over 5m. */
  static TopBot cpu() {
    return new TopBot(
        " {{ range query (printf \"topk(1, rate(bot_process_cpu_seconds_total{instance=%q}[5m]))\""
            + " $labels.instance) }}Bot {{ .Labels.bot }} uses the most CPU:"
            + " {{ .Value | humanizePercentage }} of one core."
            + NONE,
        p -> {
          // CPU seconds per minute: 30 is half a core, 3 is 5% of one
          p.counter("bot_process_cpu_seconds_total", 30, "bot", "busy");
          p.counter("bot_process_cpu_seconds_total", 3, "bot", "idle");
        },
        " Bot busy uses the most CPU: " + Humanize.percentage(0.5) + " of one core.");
  }

  /** The bot with the largest resident memory. */
  static TopBot memory() {
    double busy = 300 * 1024 * 1024;
    return new TopBot(
        " {{ range query (printf \"topk(1, bot_process_resident_memory_bytes{instance=%q})\""
            + " $labels.instance) }}Bot {{ .Labels.bot }} uses the most memory:"
            + " {{ .Value | humanize1024 }}B resident."
            + NONE,
        p -> {
          p.gauge("bot_process_resident_memory_bytes", busy, "bot", "busy");
          p.gauge("bot_process_resident_memory_bytes", 50 * 1024 * 1024, "bot", "idle");
        },
        " Bot busy uses the most memory: " + Kind.BYTES.human(busy) + " resident.");
  }
}
