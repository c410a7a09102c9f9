package dev.botwatch.exporter.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;

/**
 * Limits of the event and state API ({@code ingest:}): the largest accepted body, how many distinct
 * values each bot-supplied label (api, component, stream, source, switch, currency) may take per
 * bot, and how many bots one exporter accepts. The caps keep a buggy bot from creating unbounded
 * series: past them a request is rejected with 422, never silently truncated.
 */
public record IngestConfig(Integer bodyLimitBytes, Integer maxLabelValues, Integer maxBots)
    implements Validatable {
  public static final int DEFAULT_BODY_LIMIT = 1024 * 1024;
  public static final int DEFAULT_MAX_LABEL_VALUES = 50;
  public static final int DEFAULT_MAX_BOTS = 100;

  public IngestConfig {
    bodyLimitBytes = bodyLimitBytes == null ? DEFAULT_BODY_LIMIT : bodyLimitBytes;
    maxLabelValues = maxLabelValues == null ? DEFAULT_MAX_LABEL_VALUES : maxLabelValues;
    maxBots = maxBots == null ? DEFAULT_MAX_BOTS : maxBots;
  }

  public static IngestConfig defaults() {
    return new IngestConfig(null, null, null);
  }

  @Override
  public void validate(String path, Problems p) {
    p.positive(bodyLimitBytes, path + ".body_limit_bytes");
    p.positive(maxLabelValues, path + ".max_label_values");
    p.positive(maxBots, path + ".max_bots");
  }
}
