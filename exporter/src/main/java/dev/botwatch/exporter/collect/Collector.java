package dev.botwatch.exporter.collect;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * One source of metrics (the host, a bot's process, its log files, probes...). The one small
 * interface every collector implements, after node_exporter's {@code Collector.Update}.
 *
 * <p>{@link #collect()} is called by {@link CollectorRunner} on a background schedule, never inside
 * a scrape, so it may do system calls, file reads or network I/O. It may throw: the runner records
 * the failure as {@code botwatch_collector_success{collector="<name>"} 0}. Metric names must be
 * unique across collectors; labels (usually {@code bot}) tell series apart.
 *
 * <p>A collector needs no lock of its own: the runner never calls {@link #collect()} while an
 * earlier call still runs, each call starts after the previous one returned (so it sees what that
 * one wrote), and {@link #close()} comes after the last call returned. A call past its timeout is
 * interrupted; one that ignores the interrupt only delays the collector's next run.
 */
public interface Collector {
  /**
   * The value of the {@code collector} label, e.g. {@code host}, {@code process}, {@code logfile}.
   */
  String name();

  /** Reads the source once and returns what it saw. */
  MetricSnapshots collect() throws Exception;

  /** Releases files, clients or threads; called once at shutdown. */
  default void close() {}
}
