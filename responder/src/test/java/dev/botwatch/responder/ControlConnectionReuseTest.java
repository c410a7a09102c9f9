package dev.botwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Control calls go over the responder's one HTTP client, which keeps each target's connection
 * alive: many calls to a bot open one connection, and two bots on two targets one each.
 */
class ControlConnectionReuseTest {
  @TempDir Path dir;
  final Vertx stubs = Vertx.vertx();
  Harness h;

  /** A bot's control API on a free loopback port that counts connections and requests. */
  record Stub(HttpServer server, AtomicInteger connections, List<String> calls) {
    String url() {
      return "http://127.0.0.1:" + server.actualPort();
    }
  }

  Stub stub() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    HttpServer s =
        Loopback.listen(
            stubs
                .createHttpServer()
                .connectionHandler(c -> connections.incrementAndGet())
                .requestHandler(
                    req -> {
                      calls.add(req.path());
                      req.response().putHeader("Content-Type", "application/json").end("{}");
                    }));
    return new Stub(s, connections, calls);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    stubs.close().await();
  }

  @Test
  void manyControlCallsToOneBotShareOneConnectionAndEachTargetHasItsOwn() throws Exception {
    Stub paper = stub();
    Stub other = stub();
    h =
        new Harness(
            dir,
            "bots:\n"
                + Harness.bot("paper", paper.url(), false)
                + Harness.bot("other", other.url(), false)
                + "limits: {cooldown: 0s, max_actions_per_hour: 1000}\n");
    int n = 12;
    for (int i = 0; i < n; i++) {
      // A new fingerprint each: a new incident, so each one runs the soft playbook again.
      String fp = String.format("%016x", 0xc0ffee00L + i);
      assertThat(h.alerts(Payloads.firing("paper", "soft", fp)).statusCode()).isEqualTo(200);
      // One at a time: each call finds the previous one's connection back in the pool.
      int done = i + 1;
      Harness.await("control call " + done, 10, () -> paper.calls().size() == done);
    }
    assertThat(h.alerts(Payloads.firing("other", "soft", "00000000000000ff")).statusCode())
        .isEqualTo(200);
    Harness.await("the other bot's call", 10, () -> other.calls().size() == 1);

    assertThat(paper.calls()).hasSize(n).containsOnly("/control/reset-connections");
    assertThat(paper.connections()).hasValue(1);
    assertThat(other.connections()).hasValue(1);
  }
}
