package dev.botwatch.responder;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} built after the responder is ready rather than before. Building one loads
 * the JDK's TLS defaults and trust store (~0.15 s of CPU on a cold JVM, on a machine whose two
 * cores are busy starting everything else), and nothing calls out before the first alert: so the
 * start leaves it out, {@link #buildInBackground} builds it once the port takes webhooks, and a
 * call that comes first builds it itself. Every call goes to the one client built.
 */
final class DeferredHttpClient extends HttpClient {
  private final Supplier<HttpClient> factory;
  private final CompletableFuture<HttpClient> built = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();

  DeferredHttpClient(Supplier<HttpClient> factory) {
    this.factory = factory;
  }

  /** Starts building on a daemon thread of its own, unless a build has already started. */
  void buildInBackground() {
    if (started.compareAndSet(false, true)) {
      Thread t = new Thread(this::build, "responder-http-client");
      t.setDaemon(true);
      t.start();
    }
  }

  private void build() {
    try {
      built.complete(factory.get());
    } catch (RuntimeException | Error e) {
      built.completeExceptionally(e);
    }
  }

  /** The client, built here if no build has started, else waited for. */
  private HttpClient client() {
    if (started.compareAndSet(false, true)) {
      build();
    }
    return built.join();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return client().send(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    buildInBackground();
    return built.thenCompose(c -> c.sendAsync(request, handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    buildInBackground();
    return built.thenCompose(c -> c.sendAsync(request, handler, push));
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return client().cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return client().connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return client().followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return client().proxy();
  }

  @Override
  public SSLContext sslContext() {
    return client().sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return client().sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return client().authenticator();
  }

  @Override
  public Version version() {
    return client().version();
  }

  @Override
  public Optional<Executor> executor() {
    return client().executor();
  }
}
