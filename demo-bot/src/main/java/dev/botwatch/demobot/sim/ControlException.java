package dev.botwatch.demobot.sim;

/** A control or fault request the bot refuses: an HTTP status, a message, the offending field. */
public final class ControlException extends RuntimeException {
  private final int status;
  private final String field;

  public ControlException(int status, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }
}
