package dev.botwatch.responder.engine;

import java.time.Duration;

/** Lets tests outside the package take a webhook in and let it commit, as intake does. */
public final class IntakeBacklogs {
  private IntakeBacklogs() {}

  public static long enter(IntakeBacklog b) {
    return b.enter();
  }

  public static Duration leave(IntakeBacklog b, long ticket) {
    return b.leave(ticket);
  }
}
