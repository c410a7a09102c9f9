package dev.botwatch.responder.model;

import java.time.Instant;

/**
 * One bot's emergency latch: since when, why, and whether its positions were liquidated (confirmed:
 * the step succeeded, and for Freqtrade {@code /status} showed no open trade after).
 */
public record Latch(Instant since, String reason, boolean liquidated) {}
