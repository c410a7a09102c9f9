package dev.botwatch.responder.model;

import java.time.Instant;

/** One message sent to people on a channel, counted against {@code notify.max_per_hour}. */
public record NoticeSend(String bot, String channel, Instant at) {}
