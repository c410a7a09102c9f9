package dev.botwatch.responder.policy;

import java.time.Instant;
import java.util.Map;

/**
 * One firing episode of one alert on one bot, keyed (bot, fingerprint, startsAt). {@code level} is
 * the playbook last run for it (null: none yet), {@code levelAt} when it was planned.
 */
public record Incident(
    long id,
    String bot,
    String fingerprint,
    String startsAt,
    String alertname,
    String playbook,
    String level,
    Instant levelAt,
    boolean open,
    boolean manualNotified,
    Map<String, String> labels,
    Map<String, String> annotations) {}
