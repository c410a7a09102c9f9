package dev.botwatch.responder.model;

/**
 * The dedupe key of a run: (bot, fingerprint, startsAt, step) runs at most once, across repeats,
 * Alertmanager HA twins and responder restarts.
 */
public record RunKey(String bot, String fingerprint, String startsAt, String step) {}
