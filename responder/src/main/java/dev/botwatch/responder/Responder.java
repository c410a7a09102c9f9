package dev.botwatch.responder;

import dev.botwatch.common.Launcher;
import dev.botwatch.common.http.SlowClients;
import dev.botwatch.responder.action.ActionExecutor;
import dev.botwatch.responder.action.build.ActionFactory;
import dev.botwatch.responder.action.build.ConfiguredActions;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.config.WebhookConfig;
import dev.botwatch.responder.engine.Engine;
import dev.botwatch.responder.http.Routes;
import dev.botwatch.responder.http.StartGate;
import dev.botwatch.responder.http.WebhookAuth;
import dev.botwatch.responder.metrics.ResponderMetrics;
import dev.botwatch.responder.notice.NoticeDelivery;
import dev.botwatch.responder.notice.NoticeMessages;
import dev.botwatch.responder.notice.SenderChannels;
import dev.botwatch.responder.notify.ChatWebhookSender;
import dev.botwatch.responder.notify.EmailSender;
import dev.botwatch.responder.report.DailyReport;
import dev.botwatch.responder.report.HttpPrometheus;
import dev.botwatch.responder.report.ReportBuilder;
import dev.botwatch.responder.report.ReportMail;
import dev.botwatch.responder.store.Store;
import dev.botwatch.responder.watchdog.WatchdogNotifier;
import dev.botwatch.responder.work.BotQueues;
import dev.botwatch.responder.work.ThreadScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the responder from its config and starts it: resolves secrets (a missing one fails the
 * start), opens the store, recovers what a previous process left running, then listens. Nothing
 * static: a test builds as many as it likes.
 */
public final class Responder implements Launcher.Running {
  private static final Logger log = LoggerFactory.getLogger(Responder.class);

  private final HttpServer server;
  private final Built built;

  private Responder(HttpServer server, Built built) {
    this.server = server;
    this.built = built;
  }

  public static Future<Responder> start(Vertx vertx, ResponderConfig config) {
    return start(vertx, config, new PrometheusRegistry(), Clock.systemUTC());
  }

  /**
   * Binds the port first, behind a {@link StartGate} (liveness and metrics answer, everything else
   * 503 {@code starting}), then builds the rest on a worker thread and hands the gate the full
   * router. The future completes once the responder takes webhooks.
   */
  public static Future<Responder> start(
      Vertx vertx, ResponderConfig config, PrometheusRegistry registry, Clock clock) {
    ResponderMetrics metrics = new ResponderMetrics(registry);
    metrics.initialize(config);
    StartGate gate = new StartGate(vertx, registry);
    return SlowClients.listen(
            vertx, config.server(), o -> o.setCompressionSupported(true), gate, registry)
        .compose(
            server -> {
              return vertx
                  .executeBlocking(() -> build(vertx, config, registry, metrics, clock))
                  .onSuccess(
                      b -> {
                        gate.open(b.router);
                        b.http.buildInBackground();
                      })
                  .map(b -> new Responder(server, b))
                  .recover(e -> server.close().transform(x -> Future.failedFuture(e)));
            });
  }

  /** Everything that runs besides the HTTP server, closed together. */
  private record Built(
      Router router,
      DeferredHttpClient http,
      Store store,
      BotQueues queues,
      ThreadScheduler scheduler,
      ExecutorService workers,
      ExecutorService sender,
      ExecutorService reporter) {
    void close() {
      reporter.shutdownNow();
      scheduler.close();
      queues.close();
      workers.shutdownNow();
      sender.shutdownNow();
      store.close();
    }
  }

  private static Built build(
      Vertx vertx,
      ResponderConfig config,
      PrometheusRegistry registry,
      ResponderMetrics metrics,
      Clock clock) {
    WebhookConfig w = config.webhook();
    WebhookAuth auth =
        new WebhookAuth(
            w.token() == null ? null : w.token().resolve(),
            w.basicAuth() == null ? null : w.basicAuth().username(),
            w.basicAuth() == null ? null : w.basicAuth().password().resolve());
    String controlToken =
        config.control().token() == null ? null : config.control().token().resolve();
    String owner = "responder-" + UUID.randomUUID().toString().substring(0, 8);
    Store store = Stores.open(config.store(), owner);
    if (store.shared()) {
      // Which process a claimed run or a lease in the shared store belongs to.
      log.info("replica {}: its claims and lease in the shared store carry this name", owner);
    }
    // Actions block (HTTP, SMTP, processes): each bot's queue drains on a worker thread.
    ExecutorService workers = Executors.newCachedThreadPool(daemon("responder-bot"));
    ExecutorService sender = Executors.newSingleThreadExecutor(daemon("responder-watchdog"));
    // The daily report asks Prometheus and sends a mail: its own thread, so a slow Prometheus
    // never delays the watchdog's notice or a bot's queue.
    ExecutorService reporter = Executors.newSingleThreadExecutor(daemon("responder-report"));
    BotQueues queues = new BotQueues(workers);
    ThreadScheduler scheduler = new ThreadScheduler("responder-timer");
    DeferredHttpClient http = new DeferredHttpClient(Responder::httpClient);
    Built built = new Built(null, http, store, queues, scheduler, workers, sender, reporter);
    try {
      ActionExecutor executor = new ActionExecutor(config.limits(), metrics, clock);
      EmailSender email =
          config.notifications().email() == null
              ? null
              : new EmailSender(config.notifications().email());
      ChatWebhookSender chat =
          config.notifications().chat() == null
              ? null
              : new ChatWebhookSender(config.notifications().chat(), http);
      SenderChannels channels = new SenderChannels(email, chat);
      ActionFactory actions =
          new ConfiguredActions(config, http, clock, email, chat, d -> Thread.sleep(d.toMillis()));
      NoticeDelivery notices =
          new NoticeDelivery(
              config.notifications(),
              config.dryRun(),
              store,
              channels,
              new NoticeMessages(
                  "http://" + config.server().host() + ":" + config.server().port(), clock),
              executor,
              metrics,
              clock,
              queues,
              scheduler);
      WatchdogNotifier watchdog =
          new WatchdogNotifier(
              config.watchdog().missingAfter(),
              store.watchdogLastSeen(),
              channels,
              executor,
              metrics,
              clock,
              sender);
      Engine engine =
          Engine.create(
              new Engine.Parts(
                  config, store, executor, actions, notices, watchdog, metrics, clock, queues,
                  scheduler, owner));
      engine.start();
      ReportBuilder reports =
          new ReportBuilder(
              config,
              store,
              config.report().prometheusUrl() == null
                  ? null
                  : new HttpPrometheus(
                      http, config.report().prometheusUrl(), config.report().prometheusTimeout()),
              clock);
      if (config.report().enabled()) {
        EmailSender reportMail =
            email == null ? null : email.to(config.report().recipientsOr(email.config()));
        new DailyReport(
                config.report(),
                reports,
                reportMail == null ? null : n -> new ReportMail(reportMail, n),
                executor,
                config.dryRun(),
                store,
                clock,
                scheduler,
                reporter,
                owner,
                s -> metrics.notifications.labelValues("email", s.id()).inc())
            .start();
      }
      scheduler.every(
          Duration.ofMillis(Math.max(1000, config.watchdog().missingAfter().toMillis() / 10)),
          watchdog::check);
      Router router =
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
              watchdog::status,
              reports,
              clock);
      return new Built(router, http, store, queues, scheduler, workers, sender, reporter);
    } catch (RuntimeException e) {
      built.close();
      throw e;
    }
  }

  /**
   * One client for every outgoing HTTP call (control APIs, Freqtrade, chat, Prometheus): it keeps
   * each target's connections alive between calls instead of connecting for each one.
   */
  static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<Void> stop() {
    // In-flight webhooks get 5 s; the queues and the store close whatever the outcome.
    return server
        .shutdown(5, TimeUnit.SECONDS)
        .transform(
            ar -> {
              built.close();
              return Future.<Void>succeededFuture();
            });
  }
}
