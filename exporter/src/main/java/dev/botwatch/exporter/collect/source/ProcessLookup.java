package dev.botwatch.exporter.collect.source;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a bot's process and reads its figures; one small interface so tests can fake it with a
 * lambda-built table, and the OSHI implementation stays in one place ({@link OshiProcessLookup}).
 */
interface ProcessLookup {

  /**
   * What one process looked like when read; {@code openFds} is -1 when the OS does not tell. Times
   * in seconds, memory in bytes.
   */
  record Stats(
      long pid,
      double startTimeSeconds,
      double cpuSeconds,
      long residentBytes,
      int threads,
      long openFds) {}

  /** The live process with this pid; empty if gone (or a zombie, which is gone too). */
  Optional<Stats> byPid(long pid);

  /** Every live process with its name and full command line, for name and pattern matching. */
  List<Candidate> list();

  /** Reading all stats of every process is costly, so matching works on these first. */
  record Candidate(long pid, String name, String commandLine, double startTimeSeconds) {}

  /** The oldest candidate whose name equals {@code name}: the parent, not a worker child. */
  static Optional<Candidate> oldestNamed(List<Candidate> all, String name) {
    return all.stream()
        .filter(c -> name.equals(c.name()))
        .min(java.util.Comparator.comparingDouble(Candidate::startTimeSeconds));
  }

  /** The oldest candidate whose command line contains a match of {@code pattern}. */
  static Optional<Candidate> oldestMatching(List<Candidate> all, Pattern pattern) {
    return all.stream()
        .filter(c -> c.commandLine() != null && pattern.matcher(c.commandLine()).find())
        .min(java.util.Comparator.comparingDouble(Candidate::startTimeSeconds));
  }
}
