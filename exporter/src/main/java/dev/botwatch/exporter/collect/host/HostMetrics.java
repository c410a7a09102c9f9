package dev.botwatch.exporter.collect.host;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/** Renders {@link HostReadings} as the {@code system_*} families; pure, so golden-testable. */
public final class HostMetrics {
  private static final String[] PERIODS = {"1m", "5m", "15m"};

  private HostMetrics() {}

  public static MetricSnapshots render(HostReadings r) {
    List<MetricSnapshot> out = new ArrayList<>();
    if (!Double.isNaN(r.cpuUsageRatio())) {
      out.add(
          gauge(
              "system_cpu_usage_ratio",
              "Share of CPU time not idle across all cores (0-1).",
              r.cpuUsageRatio()));
    }
    GaugeSnapshot.Builder load =
        GaugeSnapshot.builder()
            .name("system_load_average")
            .help("System load average over the period.");
    for (int i = 0; i < PERIODS.length && i < r.loadAverages().length; i++) {
      if (r.loadAverages()[i] >= 0) {
        load.dataPoint(point(r.loadAverages()[i], "period", PERIODS[i]));
      }
    }
    out.add(load.build());
    out.add(gauge("system_memory_total_bytes", "Physical memory.", r.memoryTotalBytes()));
    out.add(
        gauge(
            "system_memory_available_bytes",
            "Memory available to new work without swapping.",
            r.memoryAvailableBytes()));
    out.add(gauge("system_swap_total_bytes", "Swap space.", r.swapTotalBytes()));
    out.add(gauge("system_swap_free_bytes", "Swap space not in use.", r.swapFreeBytes()));
    GaugeSnapshot.Builder size =
        GaugeSnapshot.builder()
            .name("system_filesystem_size_bytes")
            .help("Size of the filesystem.");
    GaugeSnapshot.Builder avail =
        GaugeSnapshot.builder()
            .name("system_filesystem_avail_bytes")
            .help("Space on the filesystem available to unprivileged users.");
    for (HostReadings.FileSystem fs : r.fileSystems()) {
      size.dataPoint(point(fs.sizeBytes(), "mountpoint", fs.mountpoint()));
      avail.dataPoint(point(fs.availBytes(), "mountpoint", fs.mountpoint()));
    }
    out.add(size.build());
    out.add(avail.build());
    CounterSnapshot.Builder rx =
        CounterSnapshot.builder()
            .name("system_network_receive_bytes")
            .help("Bytes received by the interface.");
    CounterSnapshot.Builder tx =
        CounterSnapshot.builder()
            .name("system_network_transmit_bytes")
            .help("Bytes sent by the interface.");
    for (HostReadings.Interface i : r.interfaces()) {
      Labels l = Labels.of("interface", i.name());
      rx.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(i.receiveBytes()).build());
      tx.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(i.transmitBytes()).build());
    }
    out.add(rx.build());
    out.add(tx.build());
    out.add(
        gauge(
            "system_network_connections",
            "Established TCP connections (IPv4 and IPv6).",
            r.tcpConnections()));
    out.add(gauge("system_processes", "Processes running on the host.", r.processes()));
    out.add(gauge("system_uptime_seconds", "Seconds since the host booted.", r.uptimeSeconds()));
    return new MetricSnapshots(out);
  }

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }

  private static GaugeDataPointSnapshot point(double value, String label, String labelValue) {
    return GaugeDataPointSnapshot.builder()
        .labels(Labels.of(label, labelValue))
        .value(value)
        .build();
  }
}
