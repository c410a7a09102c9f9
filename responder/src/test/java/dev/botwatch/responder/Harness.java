package dev.botwatch.responder;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.store.SqlStore;
import dev.botwatch.responder.store.Store;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * A responder on a free loopback port with its own registry and store, plus a blocking HTTP client.
 * Secrets are written to files under {@code dir}: tokens never pass through YAML text.
 */
public final class Harness implements AutoCloseable {
  public static final String WEBHOOK_TOKEN = "wh-s3cret-7f1d9a";
  public static final String CONTROL_TOKEN = "ctl-s3cret-42be0c";
  public static final String BOT_TOKEN = "bot-s3cret-9c0ffee";

  public final Path dir;
  public final PrometheusRegistry registry = new PrometheusRegistry();
  public final Vertx vertx = Vertx.vertx();
  public final Responder responder;
  public final ResponderConfig config;
  private final HttpClient http = HttpClient.newHttpClient();

  public Harness(Path dir, String yaml) throws Exception {
    this.dir = dir;
    this.config = config(dir, yaml);
    this.responder =
        Responder.start(vertx, config, registry, Clock.systemUTC()).await(20, TimeUnit.SECONDS);
  }

  /** Parses {@code yaml} with the secret files and store path filled in. */
  public static ResponderConfig config(Path dir, String yaml) throws IOException {
    Files.writeString(dir.resolve("webhook.token"), WEBHOOK_TOKEN + "\n");
    Files.writeString(dir.resolve("control.token"), CONTROL_TOKEN + "\n");
    Files.writeString(dir.resolve("bot.token"), BOT_TOKEN + "\n");
    return YamlConfig.parse(yaml(dir, yaml), ResponderConfig.class, "test.yml", Map.of());
  }

  public static String yaml(Path dir, String yaml) {
    String webhook =
        yaml.contains("webhook:")
            ? ""
            : """
            webhook:
              token: {file: %1$s/webhook.token}
            """;
    return (webhook
                + """
            server: {host: 127.0.0.1, port: 0}
            control:
              token: {file: %1$s/control.token}
            store: {path: %1$s/responder.db}
            """)
            .formatted(dir)
        + yaml.replace("DIR", dir.toString());
  }

  /** A bot block pointing at {@code baseUrl}, with the bot token from a file. */
  public static String bot(String name, String baseUrl, boolean liquidation) {
    return """
          %s:
            control:
              base_url: %s
              token: {file: DIR/bot.token}
              timeout: 1s
            liquidation_enabled: %s
        """
        .formatted(name, baseUrl, liquidation);
  }

  /** A second handle on the same SQLite file, for assertions. */
  public Store store() {
    if (store == null) {
      store = SqlStore.sqlite(config.store().path());
    }
    return store;
  }

  private Store store;

  public String url(String path) {
    return "http://127.0.0.1:" + responder.port() + path;
  }

  public HttpResponse<String> post(String path, String body, String auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> alerts(String body) throws Exception {
    return post("/alerts", body, "Bearer " + WEBHOOK_TOKEN);
  }

  public HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The registry in text format, as /metrics shows it. */
  public String metrics() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, registry.scrape());
    return out.toString();
  }

  /**
   * The responder tests' one way to wait for something that happens on its own threads: polls
   * {@code cond} with Awaitility, at most {@code seconds}; fails the test otherwise.
   */
  public static void await(String what, double seconds, BooleanSupplier cond) {
    Awaitility.await(what)
        .atMost(Duration.ofMillis((long) (seconds * 1000)))
        .pollInterval(Duration.ofMillis(20))
        .until(cond::getAsBoolean);
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
    try {
      responder.stop().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    vertx.close().await();
  }
}
