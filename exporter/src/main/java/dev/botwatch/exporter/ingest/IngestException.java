package dev.botwatch.exporter.ingest;

/**
 * Why a batch of events or a state snapshot was refused: the HTTP status (400 unparsable, 422
 * understood but invalid or over a cap), the {@code reason} label of {@code
 * botwatch_events_rejected_total}, and the offending field ({@code events[3].duration_seconds}).
 * The message never echoes input values beyond the field's name.
 */
public final class IngestException extends RuntimeException {
  private final int status;
  private final String reason;
  private final String field;

  public IngestException(int status, String reason, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
    this.field = field;
  }

  static IngestException invalid(String field, String message) {
    return new IngestException(422, "invalid", field, field + " " + message);
  }

  static IngestException badJson(String field, String message) {
    return new IngestException(400, "invalid_json", field, message);
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  /** The offending field, or null when the body as a whole is at fault. */
  public String field() {
    return field;
  }
}
