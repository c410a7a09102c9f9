package dev.botwatch.exporter.collect.source;

/**
 * One probe attempt of one kind. It should end by itself within the probe's timeout; the collector
 * also abandons it at the deadline, so a probe stuck where a timeout cannot reach (a DNS lookup)
 * still reports failure on time. Exceptions are failures; their messages are never logged with
 * credentials (probers only put class names and the target in them).
 */
@FunctionalInterface
interface Prober {
  /** {@code httpStatus} is null unless an HTTP response arrived. */
  record Result(boolean success, Integer httpStatus) {
    static final Result OK = new Result(true, null);
    static final Result FAILED = new Result(false, null);
  }

  Result probe(ProbeSource probe) throws Exception;
}
