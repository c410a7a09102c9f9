package dev.botwatch.exporter.collect.host;

import java.util.List;

/**
 * One reading of the host, as plain numbers: what {@link HostCollector} fetched and {@link
 * HostMetrics} renders. Keeping the fetch (OSHI, /proc) apart from the rendering lets the rendering
 * be tested on fixed values. NaN or a negative load means "not available here".
 */
public record HostReadings(
    double cpuUsageRatio,
    double[] loadAverages,
    long memoryTotalBytes,
    long memoryAvailableBytes,
    long swapTotalBytes,
    long swapFreeBytes,
    List<FileSystem> fileSystems,
    List<Interface> interfaces,
    long tcpConnections,
    long processes,
    long uptimeSeconds) {

  public record FileSystem(String mountpoint, long sizeBytes, long availBytes) {}

  public record Interface(String name, long receiveBytes, long transmitBytes) {}
}
