package dev.botwatch.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.testing.GoldenFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@code /metrics} of a fully fed exporter ({@link FedExporter}): compared with a golden
 * file, linted by the real promtool, and checked for every name of the metric catalog
 * (docs/metrics.md).
 */
class WholeMetricsTest {
  /** Families whose values differ from run to run; the golden file shows them as {@code *}. */
  static final Set<String> VARYING =
      Set.of(
          "botwatch_collector_duration_seconds",
          "bot_process_start_time_seconds",
          "bot_process_cpu_seconds_total",
          "bot_process_resident_memory_bytes",
          "bot_process_threads",
          "bot_process_open_fds",
          "bot_probe_duration_seconds");

  /** Every metric of the catalog, as it appears in the text format. */
  static final List<String> CATALOG =
      List.of(
          "bot_info",
          "bot_trades_total",
          "bot_trade_execution_seconds",
          "bot_pnl",
          "bot_balance",
          "bot_open_positions",
          "bot_open_entry_orders",
          "bot_max_positions",
          "bot_balance_check_seconds",
          "bot_nonce_failures_total",
          "bot_nonce_generation_rate",
          "bot_scans_total",
          "bot_scan_duration_seconds",
          "bot_scan_tokens_discovered_total",
          "bot_scan_tokens_approved_total",
          "bot_api_requests_total",
          "bot_api_request_duration_seconds",
          "bot_api_rate_limit_usage_ratio",
          "bot_websocket_connected",
          "bot_websocket_reconnects_total",
          "bot_websocket_latency_seconds",
          "bot_errors_total",
          "bot_component_up",
          "bot_heartbeat_timestamp_seconds",
          "bot_kill_switch_active",
          "bot_kill_switch_blocked_until_timestamp_seconds",
          "bot_symbols_on_probation",
          "bot_strategy_overlaps",
          "bot_data_updated_timestamp_seconds",
          "bot_emergency_mode",
          "bot_trading_state",
          "bot_process_up",
          "bot_process_start_time_seconds",
          "bot_process_cpu_seconds_total",
          "bot_process_resident_memory_bytes",
          "bot_process_threads",
          "bot_process_open_fds",
          "bot_log_file_size_bytes",
          "bot_log_last_write_timestamp_seconds",
          "bot_log_lines_total",
          "bot_config_valid",
          "bot_file_writable",
          "bot_probe_success",
          "bot_probe_duration_seconds",
          "bot_probe_http_status_code",
          "system_cpu_usage_ratio",
          "system_load_average",
          "system_memory_total_bytes",
          "system_memory_available_bytes",
          "system_swap_total_bytes",
          "system_swap_free_bytes",
          "system_filesystem_size_bytes",
          "system_filesystem_avail_bytes",
          "system_network_receive_bytes_total",
          "system_network_transmit_bytes_total",
          "system_network_connections",
          "system_processes",
          "system_uptime_seconds",
          "botwatch_collector_success",
          "botwatch_collector_duration_seconds",
          "botwatch_collector_skipped_total",
          "botwatch_events_received_total",
          "botwatch_events_rejected_total",
          "botwatch_build_info",
          "jvm_memory_used_bytes",
          "jvm_threads_current",
          "process_cpu_seconds_total");

  @TempDir static Path tmp;
  static FedExporter exporter;
  static String metrics;

  @BeforeAll
  static void start() throws Exception {
    exporter = new FedExporter(tmp);
    metrics = exporter.metrics();
  }

  @AfterAll
  static void stop() throws Exception {
    if (exporter != null) {
      exporter.close();
    }
  }

  @Test
  void wholeMetricsMatchTheGoldenFile() {
    GoldenFiles.assertMatches(Path.of("src/test/resources/golden/metrics.txt"), mask(metrics));
  }

  @Test
  void everyCatalogMetricIsPresentWithSamples() {
    List<String> missing = new ArrayList<>();
    for (String name : CATALOG) {
      boolean typed = metrics.contains("\n# TYPE " + name + " ");
      boolean sampled =
          metrics
              .lines()
              .anyMatch(
                  l ->
                      !l.startsWith("#") && family(l).equals(name)
                          || l.startsWith(name + "_bucket{"));
      if (!typed || !sampled) {
        missing.add(name);
      }
    }
    assertThat(missing).as("catalog metrics missing from /metrics").isEmpty();
  }

  @Test
  void docsMetricsMdNamesEveryFamilyServed() throws Exception {
    String doc = java.nio.file.Files.readString(Path.of("../docs/metrics.md"));
    List<String> undocumented =
        metrics
            .lines()
            .filter(l -> l.startsWith("# TYPE "))
            .map(WholeMetricsTest::family)
            .filter(n -> !n.startsWith("jvm_") && !n.startsWith("process_"))
            .filter(n -> !doc.contains("`" + n + "`"))
            .toList();
    assertThat(undocumented).as("families missing from docs/metrics.md").isEmpty();
  }

  @Test
  void promtoolAcceptsTheRealOutput() throws Exception {
    File promtool = new File("/usr/bin/promtool");
    assertThat(promtool.canExecute())
        .as("/usr/bin/promtool is required (Debian package prometheus)")
        .isTrue();
    Process p =
        new ProcessBuilder(promtool.getPath(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (var in = p.getOutputStream()) {
      in.write(metrics.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("promtool check metrics said:\n%s", out).isZero();
  }

  /**
   * Makes the output comparable across runs and machines: drops the JVM's own families (their set
   * depends on the GC and the JDK), keeps only HELP/TYPE of system_* (mountpoints and interfaces
   * are the machine's), replaces the temp dir with {@code <tmp>} and varying values with {@code *}.
   */
  static String mask(String text) {
    return text.lines()
            .map(l -> l.replace(tmp.toString(), "<tmp>"))
            .filter(l -> !family(l).startsWith("jvm_") && !family(l).startsWith("process_"))
            .filter(l -> l.startsWith("#") || !family(l).startsWith("system_"))
            .map(
                l ->
                    !l.startsWith("#") && VARYING.contains(family(l))
                        ? l.substring(0, l.lastIndexOf(' ')) + " *"
                        : l)
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  /** The family a line belongs to: the name after # HELP/# TYPE, or the sample's name. */
  static String family(String line) {
    if (line.startsWith("# ")) {
      String[] parts = line.split(" ", 4);
      return parts.length > 2 ? parts[2] : "";
    }
    int end = line.indexOf('{');
    if (end < 0) {
      end = line.indexOf(' ');
    }
    return end < 0 ? line : line.substring(0, end);
  }
}
