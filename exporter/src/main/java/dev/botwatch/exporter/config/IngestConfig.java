package dev.botwatch.exporter.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import java.time.Duration;

/**
 * Limits of the event and state API ({@code ingest:}): the largest accepted body, how many distinct
 * values each bot-supplied label (api, component, stream, source, switch, currency) may take per
 * bot, how many bots one exporter accepts, and how long an undeclared bot may stay silent before it
 * is forgotten (its series removed, its slot freed). The caps keep a buggy bot from creating
 * unbounded series: past them a request is rejected with 422, never silently truncated.
 */
public record IngestConfig(
    Integer bodyLimitBytes, Integer maxLabelValues, Integer maxBots, Duration botExpiry)
    implements Validatable {
  public static final int DEFAULT_BODY_LIMIT = 1024 * 1024;
  public static final int DEFAULT_MAX_LABEL_VALUES = 50;
  public static final int DEFAULT_MAX_BOTS = 100;

  /**
   * A day: a bot that died overnight still shows its last values, and its staleness alerts keep
   * firing, until someone has looked.
   */
  public static final Duration DEFAULT_BOT_EXPIRY = Duration.ofHours(24);

  public IngestConfig {
    bodyLimitBytes = bodyLimitBytes == null ? DEFAULT_BODY_LIMIT : bodyLimitBytes;
    maxLabelValues = maxLabelValues == null ? DEFAULT_MAX_LABEL_VALUES : maxLabelValues;
    maxBots = maxBots == null ? DEFAULT_MAX_BOTS : maxBots;
    botExpiry = botExpiry == null ? DEFAULT_BOT_EXPIRY : botExpiry;
  }

  public static IngestConfig defaults() {
    return new IngestConfig(null, null, null, null);
  }

  @Override
  public void validate(String path, Problems p) {
    p.positive(bodyLimitBytes, path + ".body_limit_bytes");
    p.positive(maxLabelValues, path + ".max_label_values");
    p.positive(maxBots, path + ".max_bots");
    p.positive(botExpiry, path + ".bot_expiry");
  }
}
