package dev.botwatch.responder.store;

/** The audit store could not read or write; the webhook answers 503 so Alertmanager resends. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
