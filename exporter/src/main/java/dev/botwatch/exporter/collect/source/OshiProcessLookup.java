package dev.botwatch.exporter.collect.source;

import java.util.List;
import java.util.Optional;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * {@link ProcessLookup} over OSHI. Building {@link SystemInfo} costs ~700 ms (JNA, class loading),
 * so the collector creates this lazily, on its first background run, never at startup.
 */
final class OshiProcessLookup implements ProcessLookup {
  private final OperatingSystem os = new SystemInfo().getOperatingSystem();
  private final int self = os.getProcessId();

  @Override
  public Optional<Stats> byPid(long pid) {
    if (pid <= 0 || pid > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    OSProcess p = os.getProcess((int) pid);
    if (p == null || !alive(p)) {
      return Optional.empty();
    }
    return Optional.of(
        new Stats(
            pid,
            p.getStartTime() / 1000.0,
            (p.getKernelTime() + p.getUserTime()) / 1000.0,
            p.getResidentMemory(),
            p.getThreadCount(),
            p.getOpenFiles()));
  }

  @Override
  public List<Candidate> list() {
    // The exporter itself is left out: a broad pattern must not find the watcher instead.
    return os.getProcesses(p -> p.getProcessID() != self && alive(p), null, 0).stream()
        .map(
            p ->
                new Candidate(
                    p.getProcessID(),
                    p.getName(),
                    String.join(" ", p.getArguments()),
                    p.getStartTime() / 1000.0))
        .toList();
  }

  private static boolean alive(OSProcess p) {
    return switch (p.getState()) {
      case ZOMBIE, INVALID -> false;
      default -> true;
    };
  }
}
