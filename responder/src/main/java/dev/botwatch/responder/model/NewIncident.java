package dev.botwatch.responder.model;

import java.util.Map;

/** An incident to open: the alert episode's key and what messages later say about it. */
public record NewIncident(
    String bot,
    String fingerprint,
    String startsAt,
    String alertname,
    String playbook,
    Map<String, String> labels,
    Map<String, String> annotations) {}
