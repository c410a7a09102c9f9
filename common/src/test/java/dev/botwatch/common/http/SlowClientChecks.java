package dev.botwatch.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/**
 * The slow-client checks every botwatch server must pass, for the programs' own tests: run them
 * against a server started with a short {@code request_timeout}.
 */
public final class SlowClientChecks {
  /** How late a close may come past its limit on a busy machine (one timer tick, scheduling). */
  public static final long SLACK_MS = 5_000;

  private SlowClientChecks() {}

  /**
   * {@code n} connections that send all of a request head but its final blank line are all closed
   * once the request timeout has passed (not before, and not merely by the test's read timeout),
   * while a normal client is served meanwhile.
   */
  public static void halfSentHeadsAreClosed(int port, Duration requestTimeout, int n)
      throws Exception {
    List<RawHttp> clients = RawHttp.halfSentHeads(port, n);
    try (RawHttp normal = new RawHttp(port)) {
      assertThat(normal.get("/-/healthy").status()).isEqualTo(200);
    }
    for (RawHttp c : clients) {
      assertThat(c.readUntilClosed()).isEmpty();
      assertThat(c.ageMillis())
          .isBetween(requestTimeout.toMillis(), requestTimeout.toMillis() + SLACK_MS);
      c.close();
    }
  }

  /**
   * A request whose head is {@code head} (with a Content-Length of {@code length}) and whose body
   * then comes one byte every 20 ms is answered 408 with a JSON error and closed before the body is
   * complete.
   */
  public static void aTrickledBodyIsCutOff(int port, String head, int length) throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      c.send(head);
      int sent = c.trickle("x".repeat(length), 20);
      assertThat(sent).as("body bytes sent before the close").isLessThan(length);
      assertThat(c.readUntilClosed())
          .startsWith("HTTP/1.1 408 ")
          .contains("\"status\":408")
          .contains("request body not received within");
    }
  }

  /**
   * A kept-alive client that pauses longer than the request timeout between requests (as Prometheus
   * does between scrapes) keeps its one connection.
   */
  public static void keptAliveClientKeepsWorking(int port, Duration requestTimeout, String path)
      throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      for (int i = 0; i < 3; i++) {
        long before = System.nanoTime();
        assertThat(c.get(path).status()).as("request %d on one connection", i).isEqualTo(200);
        Thread.sleep(requestTimeout.toMillis() + 200); // the client's own pace
        assertThat(System.nanoTime() - before).isGreaterThan(requestTimeout.toNanos());
      }
    }
  }
}
