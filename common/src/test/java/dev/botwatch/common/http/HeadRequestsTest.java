package dev.botwatch.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HEAD on a server started the way every botwatch program starts one ({@link SlowClients#listen}).
 * The client is WebClient, as in the programs' own HEAD tests: the bare Vert.x 5.0.8 {@code
 * HttpClient} driven as {@code send().compose(res -> res.body())} from a test thread now and then
 * drops a response's end before {@code body()} is attached and never completes, which is a client
 * fault, not a server one (WebClient pauses the response before the end can arrive).
 */
class HeadRequestsTest {
  static Vertx vertx;
  static HttpServer server;
  static WebClient client;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router r = Router.router(vertx);
    r.get("/echo")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain")
                    .end("hello " + ctx.request().getParam("name")));
    r.post("/only-post").handler(ctx -> ctx.response().end("posted"));
    JsonError.install(r);
    server =
        SlowClients.listen(vertx, ServerConfig.of("127.0.0.1", 0), o -> o, r, null)
            .await(10, TimeUnit.SECONDS);
    client =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static HttpResponse<Buffer> call(HttpMethod method, String uri) throws Exception {
    return client.request(method, uri).send().await(10, TimeUnit.SECONDS);
  }

  static int bodyLength(HttpResponse<Buffer> r) {
    return r.body() == null ? 0 : r.body().length();
  }

  @Test
  void headRunsTheGetHandlerWithItsQueryAndSendsNoBody() throws Exception {
    var get = call(HttpMethod.GET, "/echo?name=botwatch");
    var head = call(HttpMethod.HEAD, "/echo?name=botwatch");
    assertThat(get.bodyAsString()).isEqualTo("hello botwatch");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("Content-Type")).isEqualTo("text/plain");
    assertThat(bodyLength(head)).isZero();
  }

  @Test
  void headWhereGetIsNotAnsweredGetsTheSameErrorStatusWithoutBody() throws Exception {
    var onlyPost = call(HttpMethod.HEAD, "/only-post");
    assertThat(onlyPost.statusCode()).isEqualTo(405);
    assertThat(bodyLength(onlyPost)).isZero();
    var nowhere = call(HttpMethod.HEAD, "/nowhere");
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(bodyLength(nowhere)).isZero();
    assertThat(call(HttpMethod.GET, "/nowhere").bodyAsString()).contains("no such path");
  }

  /**
   * What a monitoring probe or {@code curl -I} followed by a GET sees on one kept-alive connection:
   * the HEAD's head and nothing else, so the GET's status line is the very next byte. A HEAD that
   * leaked any body byte (its own, or a JSON error's) would break the GET's framing here.
   */
  @ParameterizedTest(name = "HEAD {0}, then GET on the same connection")
  @ValueSource(strings = {"/echo?name=probe", "/only-post", "/nowhere"})
  void aHeadLeavesTheKeptAliveConnectionCleanForTheNextRequest(String path) throws Exception {
    try (RawHttp c = new RawHttp(server.actualPort())) {
      String head = c.head(path);
      assertThat(head).startsWith("HTTP/1.1 ").endsWith("\r\n\r\n");
      assertThat(c.get("/echo?name=next")).isEqualTo(new RawHttp.Response(200, "hello next"));
      assertThat(c.head(path)).isEqualTo(head);
      assertThat(c.get("/nowhere").body()).contains("no such path");
    }
  }
}
