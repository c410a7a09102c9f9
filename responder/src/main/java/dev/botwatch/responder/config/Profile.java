package dev.botwatch.responder.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Development is where people break bots on purpose: emergency steps run dry there, so a test fault
 * never stops a bot for real or flattens its positions.
 */
public enum Profile {
  @JsonProperty("production")
  PRODUCTION,
  @JsonProperty("development")
  DEVELOPMENT
}
