package dev.botwatch.responder;

import dev.botwatch.common.Launcher;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.config.WebhookConfig;
import dev.botwatch.responder.http.Routes;
import dev.botwatch.responder.http.WebhookAuth;
import dev.botwatch.responder.notify.ChatWebhookSender;
import dev.botwatch.responder.notify.EmailSender;
import dev.botwatch.responder.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * Builds the responder from its config and starts it: resolves secrets (a missing one fails the
 * start), opens the store, recovers what a previous process left running, then listens. Nothing
 * static: a test builds as many as it likes.
 */
public final class Responder implements Launcher.Running {
  private final HttpServer server;
  private final Engine engine;
  private final Store store;

  private Responder(HttpServer server, Engine engine, Store store) {
    this.server = server;
    this.engine = engine;
    this.store = store;
  }

  public static Future<Responder> start(Vertx vertx, ResponderConfig config) {
    return start(vertx, config, new PrometheusRegistry(), Clock.systemUTC());
  }

  public static Future<Responder> start(
      Vertx vertx, ResponderConfig config, PrometheusRegistry registry, Clock clock) {
    return vertx
        .executeBlocking(() -> build(vertx, config, registry, clock))
        .compose(
            b ->
                vertx
                    .createHttpServer(
                        new HttpServerOptions()
                            .setHost(config.server().host())
                            .setPort(config.server().port())
                            .setCompressionSupported(true)
                            // HTTP/1.1 only: see HeadRequests.
                            .setHttp2ClearTextEnabled(false))
                    .requestHandler(b.router)
                    .listen()
                    .map(s -> new Responder(s, b.engine, b.store))
                    .onFailure(e -> b.close()));
  }

  private record Built(io.vertx.ext.web.Router router, Engine engine, Store store) {
    void close() {
      engine.close();
      store.close();
    }
  }

  private static Built build(
      Vertx vertx, ResponderConfig config, PrometheusRegistry registry, Clock clock) {
    WebhookConfig w = config.webhook();
    WebhookAuth auth =
        new WebhookAuth(
            w.token() == null ? null : w.token().resolve(),
            w.basicAuth() == null ? null : w.basicAuth().username(),
            w.basicAuth() == null ? null : w.basicAuth().password().resolve());
    String controlToken =
        config.control().token() == null ? null : config.control().token().resolve();
    ResponderMetrics metrics = new ResponderMetrics(registry);
    metrics.initialize(config);
    Store store = Store.open(config.store().path());
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    ActionExecutor executor = new ActionExecutor(config.limits(), metrics, clock);
    EmailSender email =
        config.notifications().email() == null
            ? null
            : new EmailSender(config.notifications().email());
    ChatWebhookSender chat =
        config.notifications().chat() == null
            ? null
            : new ChatWebhookSender(config.notifications().chat());
    NotifyChannels channels =
        new NotifyChannels(
            email, chat, "http://" + config.server().host() + ":" + config.server().port(), clock);
    StepActions steps = new StepActions(config, http, clock, email, chat);
    Engine engine = new Engine(config, store, executor, steps, channels, metrics, clock);
    Watchdog watchdog =
        new Watchdog(
            config.watchdog().missingAfter(),
            store.watchdogLastSeen(),
            channels,
            executor,
            metrics,
            clock);
    engine.watchdog(watchdog);
    engine.recover();
    long every = Math.max(1000, config.watchdog().missingAfter().toMillis() / 10);
    vertx.setPeriodic(
        every,
        id ->
            vertx.executeBlocking(
                () -> {
                  watchdog.check();
                  return null;
                },
                false));
    return new Built(
        Routes.router(
            vertx,
            config,
            engine,
            store,
            executor,
            metrics,
            registry,
            auth,
            controlToken,
            watchdog::status),
        engine,
        store);
  }

  @Override
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<Void> stop() {
    // In-flight webhooks get 5 s; the queues and the store close whatever the outcome.
    return server
        .shutdown(5, java.util.concurrent.TimeUnit.SECONDS)
        .transform(
            ar -> {
              engine.close();
              store.close();
              return Future.<Void>succeededFuture();
            });
  }
}
