package dev.botwatch.exporter.collect.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.testing.GoldenFiles;
import dev.botwatch.exporter.TestText;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostMetricsTest {
  @Test
  void rendersReadingsAsTheGoldenFileSays() {
    HostReadings r =
        new HostReadings(
            0.25,
            new double[] {1.5, 1.0, -1}, // 15m not available: left out, not 0
            8L << 30,
            6L << 30,
            2L << 30,
            1L << 30,
            List.of(
                new HostReadings.FileSystem("/", 100L << 30, 40L << 30),
                new HostReadings.FileSystem("/data", 500L << 30, 450L << 30)),
            List.of(new HostReadings.Interface("eth0", 123456, 654321)),
            17,
            212,
            86400);
    GoldenFiles.assertMatches(
        Path.of("src/test/resources/golden/host.txt"), TestText.of(HostMetrics.render(r)));
  }

  @Test
  void theRealHostHasEveryFamily() throws Exception {
    HostCollector c = new HostCollector();
    String text = TestText.of(c.collect());
    for (String name :
        List.of(
            "system_cpu_usage_ratio ",
            "system_load_average{period=\"1m\"}",
            "system_memory_total_bytes ",
            "system_memory_available_bytes ",
            "system_swap_total_bytes ",
            "system_swap_free_bytes ",
            "system_filesystem_size_bytes{mountpoint=\"/\"}",
            "system_filesystem_avail_bytes{mountpoint=\"/\"}",
            "system_network_connections ",
            "system_processes ",
            "system_uptime_seconds ")) {
      assertThat(text).contains("\n" + name);
    }
    assertThat(text).contains("# TYPE system_network_receive_bytes_total counter");
    // A second run measures CPU between the two runs' ticks; still a ratio.
    String again = TestText.of(c.collect());
    double cpu =
        Double.parseDouble(
            again
                .lines()
                .filter(l -> l.startsWith("system_cpu_usage_ratio "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1]);
    assertThat(cpu).isBetween(0.0, 1.0);
  }
}
