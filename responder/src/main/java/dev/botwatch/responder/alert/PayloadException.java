package dev.botwatch.responder.alert;

/** A payload the responder refuses, naming the offending field ({@code alerts[2].startsAt}). */
public final class PayloadException extends Exception {
  private final String field;

  public PayloadException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
