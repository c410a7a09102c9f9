package dev.botwatch.exporter.collect.host;

import dev.botwatch.exporter.collect.Collector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * The host under the bots, read with OSHI (and {@code /proc/net/tcp*} for connections) on the
 * collector's schedule, never inside a scrape. Exports (see {@link HostMetrics}):
 * system_cpu_usage_ratio, system_load_average{period}, system_memory_{total,available}_bytes,
 * system_swap_{total,free}_bytes, system_filesystem_{size,avail}_bytes{mountpoint},
 * system_network_{receive,transmit}_bytes_total{interface}, system_network_connections,
 * system_processes, system_uptime_seconds.
 *
 * <p>OSHI's first {@code SystemInfo} costs ~700 ms (JNA, class loading), so it is created on the
 * first run, on a collector thread, not at start-up. CPU usage is measured between runs from tick
 * counters; the first run, having no previous ticks, reports the average since boot.
 */
public final class HostCollector implements Collector {
  private HardwareAbstractionLayer hal;
  private OperatingSystem os;
  private long[] prevTicks;

  @Override
  public String name() {
    return "host";
  }

  @Override
  public MetricSnapshots collect() {
    if (hal == null) {
      SystemInfo si = new SystemInfo();
      hal = si.getHardware();
      os = si.getOperatingSystem();
      prevTicks = new long[CentralProcessor.TickType.values().length];
    }
    return HostMetrics.render(read());
  }

  private HostReadings read() {
    CentralProcessor cpu = hal.getProcessor();
    double cpuRatio = cpu.getSystemCpuLoadBetweenTicks(prevTicks);
    prevTicks = cpu.getSystemCpuLoadTicks();
    GlobalMemory mem = hal.getMemory();
    long swapTotal = mem.getVirtualMemory().getSwapTotal();
    Map<String, HostReadings.FileSystem> fs = new LinkedHashMap<>();
    for (OSFileStore s : os.getFileSystem().getFileStores(true)) {
      // Bind mounts list one mountpoint twice; the first entry wins.
      fs.putIfAbsent(
          s.getMount(),
          new HostReadings.FileSystem(s.getMount(), s.getTotalSpace(), s.getUsableSpace()));
    }
    List<HostReadings.Interface> ifs = new ArrayList<>();
    for (NetworkIF n : hal.getNetworkIFs()) {
      ifs.add(new HostReadings.Interface(n.getName(), n.getBytesRecv(), n.getBytesSent()));
    }
    return new HostReadings(
        Math.max(0, Math.min(1, cpuRatio)),
        cpu.getSystemLoadAverage(3),
        mem.getTotal(),
        mem.getAvailable(),
        swapTotal,
        swapTotal - mem.getVirtualMemory().getSwapUsed(),
        List.copyOf(fs.values()),
        ifs,
        tcpConnections(),
        os.getProcessCount(),
        os.getSystemUptime());
  }

  private long tcpConnections() {
    long n = 0;
    boolean any = false;
    for (String f : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        n += TcpTable.established(Files.readString(Path.of(f)));
        any = true;
      } catch (IOException e) {
        // IPv6 may be off; a host without /proc falls back to OSHI below.
      }
    }
    if (!any) {
      var ip = os.getInternetProtocolStats();
      n =
          ip.getTCPv4Stats().getConnectionsEstablished()
              + ip.getTCPv6Stats().getConnectionsEstablished();
    }
    return n;
  }
}
