package dev.botwatch.responder.engine;

import dev.botwatch.responder.model.RunKind;

/** A run whose steps are in the store as planned, to hand to the bot's queue. */
public record PlannedRun(long runId, String bot, RunKind kind) {}
