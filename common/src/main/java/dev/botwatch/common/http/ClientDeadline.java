package dev.botwatch.common.http;

/**
 * How long one HTTP/1.1 connection's client may take, as a small state machine over a monotonic
 * clock (nanoseconds, passed in, so it is tested without waiting). Idle silence alone is the
 * socket's idle timeout; this adds what an idle timeout cannot see, a client that keeps a
 * connection busy by trickling bytes:
 *
 * <ul>
 *   <li>{@link Phase#HEAD}: a new connection must deliver its first request head within the request
 *       timeout of the connect.
 *   <li>{@link Phase#BODY}: once a head has arrived, the body must be complete within the request
 *       timeout.
 *   <li>{@link Phase#HANDLER}: the server is answering; that is not the client's time, so only a
 *       re-check is scheduled.
 *   <li>{@link Phase#NEXT_HEAD}: after the response a kept-alive connection must deliver its next
 *       request head within the idle timeout. The response's end is noticed at a check, so the
 *       bound is the idle timeout plus at most one request timeout.
 * </ul>
 *
 * Not thread-safe: one connection's event loop owns it.
 */
public final class ClientDeadline {
  /** What the client was taking too long for. */
  public enum Phase {
    HEAD("request head"),
    BODY("request body"),
    HANDLER("response"),
    NEXT_HEAD("next request");

    private final String what;

    Phase(String what) {
      this.what = what;
    }

    /** The metric label value. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String what() {
      return what;
    }
  }

  /**
   * The outcome of a check: {@code close} names the phase the client overran (null: keep the
   * connection), {@code nextCheck} when to look again.
   */
  public record Verdict(Phase close, long nextCheck) {}

  private final long requestNanos;
  private final long idleNanos;
  private Phase phase = Phase.HEAD;
  private long deadline;

  public ClientDeadline(long requestNanos, long idleNanos, long connectedAt) {
    this.requestNanos = requestNanos;
    this.idleNanos = idleNanos;
    this.deadline = connectedAt + requestNanos;
  }

  public Phase phase() {
    return phase;
  }

  /** When the current phase runs out. */
  public long deadline() {
    return deadline;
  }

  /** A request's head has arrived: its body is due within the request timeout. */
  public long requestArrived(long now) {
    phase = Phase.BODY;
    deadline = now + requestNanos;
    return deadline;
  }

  /** Looks at the connection at {@code now}, given how far the current request has got. */
  public Verdict check(long now, boolean requestEnded, boolean responseEnded) {
    if (now - deadline < 0) {
      return new Verdict(null, deadline);
    }
    return switch (phase) {
      case HEAD, NEXT_HEAD -> new Verdict(phase, deadline);
      case BODY -> requestEnded ? afterBody(now, responseEnded) : new Verdict(phase, deadline);
      case HANDLER -> afterBody(now, responseEnded);
    };
  }

  private Verdict afterBody(long now, boolean responseEnded) {
    if (responseEnded) {
      phase = Phase.NEXT_HEAD;
      deadline = now + idleNanos;
    } else {
      phase = Phase.HANDLER;
      deadline = now + requestNanos;
    }
    return new Verdict(null, deadline);
  }
}
