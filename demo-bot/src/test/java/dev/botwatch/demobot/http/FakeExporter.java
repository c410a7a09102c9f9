package dev.botwatch.demobot.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** An in-process exporter that records the batches and state snapshots a bot sends it. */
final class FakeExporter implements AutoCloseable {
  final List<JsonArray> batches = new CopyOnWriteArrayList<>();
  final List<JsonObject> states = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  volatile int status = 202;
  private final HttpServer server;

  private FakeExporter(HttpServer server) {
    this.server = server;
  }

  static FakeExporter start(Vertx vertx, int port) {
    Router r = Router.router(vertx);
    FakeExporter[] self = new FakeExporter[1];
    r.route().handler(BodyHandler.create(false));
    r.post("/api/v1/events")
        .handler(
            ctx -> {
              self[0].authorizations.add(String.valueOf(ctx.request().getHeader("Authorization")));
              if (self[0].status / 100 != 2) {
                ctx.response().setStatusCode(self[0].status).end("{\"error\":\"down\"}");
                return;
              }
              JsonArray batch = ctx.body().asJsonArray();
              self[0].batches.add(batch);
              ctx.response()
                  .setStatusCode(202)
                  .end(new JsonObject().put("accepted", batch.size()).encode());
            });
    r.put("/api/v1/bots/:bot/state")
        .handler(
            ctx -> {
              self[0].states.add(ctx.body().asJsonObject().put("_bot", ctx.pathParam("bot")));
              ctx.response().setStatusCode(204).end();
            });
    HttpServer s =
        vertx
            .createHttpServer()
            .requestHandler(r)
            .listen(port, "127.0.0.1")
            .timeout(10, TimeUnit.SECONDS)
            .await();
    self[0] = new FakeExporter(s);
    return self[0];
  }

  int port() {
    return server.actualPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  Stream<JsonObject> events() {
    return batches.stream().flatMap(b -> b.stream().map(JsonObject.class::cast));
  }

  Stream<JsonObject> eventsSince(int batch) {
    return batches.subList(batch, batches.size()).stream()
        .flatMap(b -> b.stream().map(JsonObject.class::cast));
  }

  @Override
  public void close() {
    server.close().timeout(10, TimeUnit.SECONDS).await();
  }
}
