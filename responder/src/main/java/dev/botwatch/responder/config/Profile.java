package dev.botwatch.responder.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Seed 002: emergency shutdown is disabled in development, so emergency steps run dry there. */
public enum Profile {
  @JsonProperty("production")
  PRODUCTION,
  @JsonProperty("development")
  DEVELOPMENT
}
