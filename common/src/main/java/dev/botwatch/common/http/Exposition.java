package dev.botwatch.common.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * A registry's exposition, rendered once per change and shared by every scraper until the next
 * change, so the cost of a scrape does not grow with the number of scrapers:
 *
 * <pre>
 * Exposition e = new Exposition(registry::scrape, Duration.ofSeconds(1), System::nanoTime);
 * gauge.set(1); e.changed();                   // after every change of what the source returns
 * Body b = e.cached(request);                  // the shared bytes, or null: then
 * e.render(request).thenAccept(send);          // renders on the one renderer thread
 * </pre>
 *
 * One snapshot of the source is taken per change (or once {@code maxAge} has passed, which bounds
 * how stale values that change without notice get, such as the JVM's own metrics: at most twice
 * maxAge, see {@link #cached}); each format (and its gzip) is written from it at most once, when a
 * scraper first asks for it. Rendering runs on a single renderer thread, never on the caller's:
 * requests that arrive while it renders wait for the next round and share it, so N concurrent
 * scrapers cost one render, and a request never gets a snapshot older than the last change before
 * it arrived. Requests with a name filter or a debug format are written from the current snapshot
 * on demand and not kept.
 */
public final class Exposition {
  /** What a scraper asked for: a format, its escaping, gzip, and optionally names or debug text. */
  public record Request(
      ExpositionFormatWriter writer,
      EscapingScheme escaping,
      boolean gzip,
      Predicate<String> names,
      boolean debug) {
    /** The whole exposition in one format: the request every Prometheus scrape makes. */
    public static Request of(ExpositionFormatWriter writer, EscapingScheme escaping, boolean gzip) {
      return new Request(writer, escaping, gzip, null, false);
    }

    boolean shared() {
      return names == null && !debug;
    }
  }

  /** The bytes to send with their content type; {@code gzip} says they are compressed. */
  public static final class Body {
    private final byte[] bytes;
    private final String contentType;
    private final boolean gzip;
    private volatile Object view;

    Body(byte[] bytes, String contentType, boolean gzip) {
      this.bytes = bytes;
      this.contentType = contentType;
      this.gzip = gzip;
    }

    public byte[] bytes() {
      return bytes;
    }

    public String contentType() {
      return contentType;
    }

    public boolean gzip() {
      return gzip;
    }

    /**
     * The bytes converted once by {@code convert} and kept with them, e.g. as the server's buffer
     * type: a scrape then hands over the same buffer instead of copying 200 KB into a new one. Two
     * threads racing here may both convert; either result serves.
     */
    @SuppressWarnings("unchecked")
    public <T> T view(Function<byte[], T> convert) {
      Object v = view;
      if (v == null) {
        v = convert.apply(bytes);
        view = v;
      }
      return (T) v;
    }
  }

  private record Key(ExpositionFormatWriter writer, EscapingScheme escaping, boolean gzip) {}

  /** One snapshot of the source and the formats written from it so far. */
  private record Taken(
      long version, long atNanos, MetricSnapshots metrics, Map<Key, Body> bodies) {}

  private record Pending(Request request, CompletableFuture<Body> result) {}

  private final Supplier<MetricSnapshots> source;
  private final long maxAgeNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong version = new AtomicLong();
  private final AtomicLong snapshots = new AtomicLong();
  private final AtomicLong renders = new AtomicLong();
  private final AtomicInteger lastSize = new AtomicInteger(16 * 1024);
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final ThreadPoolExecutor renderer;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Taken current;

  /**
   * @param source what to expose; called on the renderer thread, once per change
   * @param maxAge how long a snapshot serves without a change; zero takes one per render round
   * @param nanoClock {@link System#nanoTime} outside tests
   */
  public Exposition(Supplier<MetricSnapshots> source, Duration maxAge, LongSupplier nanoClock) {
    this.source = source;
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoClock = nanoClock;
    // One thread, started on the first scrape and gone after a minute without one: an idle
    // program keeps no renderer, and a test that builds many programs leaks no threads.
    this.renderer =
        new ThreadPoolExecutor(
            1,
            1,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "metrics-render");
              t.setDaemon(true);
              return t;
            });
    renderer.allowCoreThreadTimeOut(true);
  }

  /** Marks what the source returns as changed: the next scrape takes a new snapshot. */
  public void changed() {
    version.incrementAndGet();
  }

  /**
   * The shared body for {@code r} when nothing changed since the current snapshot and it has the
   * body, else null. Never blocks and never renders, so an event loop may call it. A snapshot
   * between one and two {@code maxAge} old is still served, and renewed in the background for the
   * next scrape: frequent scrapers never wait for the age alone, seldom ones (older than twice
   * maxAge) get a fresh one.
   */
  public Body cached(Request r) {
    Taken t = current;
    if (!r.shared() || t == null || t.version() != version.get()) {
      return null;
    }
    long age = nanoClock.getAsLong() - t.atNanos();
    if (age >= 2 * maxAgeNanos) {
      return null;
    }
    Body b = t.bodies().get(new Key(r.writer(), r.escaping(), r.gzip()));
    if (b != null && age >= maxAgeNanos && refreshing.compareAndSet(false, true)) {
      render(r).whenComplete((body, err) -> refreshing.set(false));
    }
    return b;
  }

  /** Renders {@code r} on the renderer thread, sharing the round with concurrent requests. */
  public CompletableFuture<Body> render(Request r) {
    Pending p = new Pending(r, new CompletableFuture<>());
    pending.add(p);
    renderer.execute(this::drain);
    return p.result();
  }

  /** How many snapshots of the source were taken: one per change, not one per scrape. */
  public long snapshots() {
    return snapshots.get();
  }

  /** How many times a format was written (gzip not counted): at most once per snapshot each. */
  public long renders() {
    return renders.get();
  }

  private boolean fresh(Taken t) {
    return t.version() == version.get() && nanoClock.getAsLong() - t.atNanos() < maxAgeNanos;
  }

  /** One round: everything pending now shares one snapshot; later arrivals wait for the next. */
  private void drain() {
    List<Pending> round = new ArrayList<>();
    for (Pending p; (p = pending.poll()) != null; ) {
      round.add(p);
    }
    if (round.isEmpty()) {
      return;
    }
    Taken t;
    try {
      t = snapshot();
    } catch (RuntimeException e) {
      round.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    for (Pending p : round) {
      try {
        p.result().complete(body(t, p.request()));
      } catch (RuntimeException e) {
        p.result().completeExceptionally(e);
      }
    }
  }

  private Taken snapshot() {
    Taken t = current;
    if (t != null && fresh(t)) {
      return t;
    }
    // Version and time are read before the source: a change made during the snapshot bumps the
    // version past this one, so the next scrape takes another.
    long v = version.get();
    long at = nanoClock.getAsLong();
    MetricSnapshots metrics = source.get();
    snapshots.incrementAndGet();
    t = new Taken(v, at, metrics, new ConcurrentHashMap<>());
    current = t;
    return t;
  }

  private Body body(Taken t, Request r) {
    if (!r.shared()) {
      MetricSnapshots m = r.names() == null ? t.metrics() : filter(t.metrics(), r.names());
      Body plain = write(m, r);
      return r.gzip() && !r.debug() ? gzip(plain) : plain;
    }
    Key plainKey = new Key(r.writer(), r.escaping(), false);
    Body plain = t.bodies().computeIfAbsent(plainKey, k -> write(t.metrics(), r));
    return r.gzip()
        ? t.bodies().computeIfAbsent(new Key(r.writer(), r.escaping(), true), k -> gzip(plain))
        : plain;
  }

  private Body write(MetricSnapshots m, Request r) {
    renders.incrementAndGet();
    if (r.debug()) {
      String text = r.writer().toDebugString(m, r.escaping());
      return new Body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", false);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize.get() + 1024);
    try {
      r.writer().write(out, m, r.escaping());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    lastSize.set(out.size());
    return new Body(out.toByteArray(), r.writer().getContentType(), false);
  }

  private static Body gzip(Body plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(plain.bytes().length / 4 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out, 8192)) {
      z.write(plain.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Body(out.toByteArray(), plain.contentType(), true);
  }

  /** What {@code registry.scrape(filter)} returns for a collector: the families it admits. */
  private static MetricSnapshots filter(MetricSnapshots all, Predicate<String> names) {
    List<MetricSnapshot> kept = new ArrayList<>();
    for (MetricSnapshot m : all) {
      if (names.test(m.getMetadata().getPrometheusName())) {
        kept.add(m);
      }
    }
    return new MetricSnapshots(kept);
  }
}
