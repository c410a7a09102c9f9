package dev.botwatch.responder.model;

import java.time.Instant;

/**
 * An incident a cooldown held back, to look at again at {@code due}: one per incident, however many
 * notifications the cooldown held back.
 */
public record Recheck(long incidentId, String bot, Instant due) {}
