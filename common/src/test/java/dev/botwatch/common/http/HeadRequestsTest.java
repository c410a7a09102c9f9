package dev.botwatch.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HeadRequestsTest {
  static Vertx vertx;
  static HttpServer server;
  static HttpClient client;

  record Answer(int status, String contentType, String body) {}

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
        vertx
            .createHttpServer()
            .requestHandler(r)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    client = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Answer call(HttpMethod method, String uri) throws Exception {
    return client
        .request(
            new RequestOptions()
                .setMethod(method)
                .setHost("127.0.0.1")
                .setPort(server.actualPort())
                .setURI(uri))
        .compose(req -> req.send())
        .compose(
            (HttpClientResponse res) ->
                res.body()
                    .map(
                        b ->
                            new Answer(
                                res.statusCode(), res.getHeader("Content-Type"), b.toString())))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void headRunsTheGetHandlerWithItsQueryAndSendsNoBody() throws Exception {
    Answer get = call(HttpMethod.GET, "/echo?name=botwatch");
    Answer head = call(HttpMethod.HEAD, "/echo?name=botwatch");
    assertThat(get.body()).isEqualTo("hello botwatch");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.contentType()).isEqualTo("text/plain");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void headWhereGetIsNotAnsweredGetsTheSameErrorStatusWithoutBody() throws Exception {
    assertThat(call(HttpMethod.HEAD, "/only-post"))
        .extracting(Answer::status, Answer::body)
        .containsExactly(405, "");
    assertThat(call(HttpMethod.HEAD, "/nowhere"))
        .extracting(Answer::status, Answer::body)
        .containsExactly(404, "");
    assertThat(call(HttpMethod.GET, "/nowhere").body()).contains("no such path");
  }
}
