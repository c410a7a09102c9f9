package dev.botwatch.responder;

import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;

/** Test servers listen on a free loopback port only. */
public final class Loopback {
  private Loopback() {}

  /** Starts {@code server} on 127.0.0.1 and a free port, waiting at most 10 s. */
  public static HttpServer listen(HttpServer server) throws Exception {
    return server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }
}
