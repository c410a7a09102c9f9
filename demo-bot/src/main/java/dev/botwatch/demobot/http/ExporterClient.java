package dev.botwatch.demobot.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports to the exporter: each tick's events as one batch ({@code POST /api/v1/events}, a JSON
 * array) and the state snapshot ({@code PUT /api/v1/bots/{bot}/state}). While the exporter is
 * unreachable or answers 5xx/429, events wait in a bounded buffer (the oldest are dropped past it)
 * and go out with the next batch; the bot keeps running and says so once, not every tick. A batch
 * the exporter rejects (other 4xx) is dropped: sending it again would fail again. Only the latest
 * state matters, so state is never buffered. Call it from the event loop only.
 */
public final class ExporterClient {
  private static final Logger log = LoggerFactory.getLogger(ExporterClient.class);

  private final WebClient client;
  private final String eventsUrl;
  private final String stateUrl;
  private final String token;
  private final long timeoutMs;
  private final int bufferCap;
  private final Deque<Map<String, Object>> buffer = new ArrayDeque<>();
  private boolean sending;
  private boolean putting;
  private boolean reachable = true;
  private long sentBatches;
  private long sentEvents;
  private long droppedEvents;
  private long failedRequests;
  private long statePuts;
  private String lastError;
  private String lastRejection;

  public ExporterClient(
      WebClient client, String baseUrl, String bot, String token, Duration timeout, int bufferCap) {
    this.client = client;
    this.eventsUrl = baseUrl + "/api/v1/events";
    this.stateUrl = baseUrl + "/api/v1/bots/" + bot + "/state";
    this.token = token;
    this.timeoutMs = timeout.toMillis();
    this.bufferCap = bufferCap;
  }

  /** Queues this tick's events, sends what is queued as one batch, and puts the state. */
  public Future<Void> report(List<Map<String, Object>> events, Map<String, Object> state) {
    buffer.addAll(events);
    trim();
    Future<Void> batch = sending || buffer.isEmpty() ? Future.succeededFuture() : sendBatch();
    // Only the latest state matters: one in flight, and a newer one follows with the next tick.
    Future<Void> put = state == null || putting ? Future.succeededFuture() : putState(state);
    return Future.join(batch, put).mapEmpty();
  }

  private Future<Void> sendBatch() {
    List<Map<String, Object>> batch = List.copyOf(buffer);
    buffer.clear();
    sending = true;
    JsonArray body = new JsonArray();
    batch.forEach(e -> body.add(new JsonObject(e)));
    return send(auth(client.postAbs(eventsUrl)), body.toBuffer())
        .map(
            r -> {
              if (r.statusCode() / 100 == 2) {
                sentBatches++;
                sentEvents += batch.size();
                up();
              } else if (r.statusCode() >= 500 || r.statusCode() == 429) {
                requeue(batch, "HTTP " + r.statusCode());
              } else {
                droppedEvents += batch.size();
                failedRequests++;
                lastError = "HTTP " + r.statusCode() + " " + errorOf(r);
                rejected("a batch of " + batch.size() + " events", lastError);
              }
              return (Void) null;
            })
        .recover(
            t -> {
              requeue(batch, t.getClass().getSimpleName() + ": " + t.getMessage());
              return Future.succeededFuture();
            })
        .onComplete(x -> sending = false);
  }

  private Future<Void> putState(Map<String, Object> state) {
    putting = true;
    return send(auth(client.putAbs(stateUrl)), new JsonObject(state).toBuffer())
        .map(
            r -> {
              if (r.statusCode() / 100 == 2) {
                statePuts++;
                up();
              } else {
                failedRequests++;
                lastError = "state: HTTP " + r.statusCode() + " " + errorOf(r);
                if (r.statusCode() < 500) {
                  rejected("the state", lastError);
                } else {
                  down(lastError);
                }
              }
              return (Void) null;
            })
        .recover(
            t -> {
              failedRequests++;
              down(t.getClass().getSimpleName() + ": " + t.getMessage());
              return Future.succeededFuture();
            })
        .onComplete(x -> putting = false);
  }

  private Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> req, Buffer body) {
    return req.putHeader("Content-Type", "application/json")
        .timeout(timeoutMs)
        .sendBuffer(body)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private HttpRequest<Buffer> auth(HttpRequest<Buffer> req) {
    return token == null ? req : req.bearerTokenAuthentication(token);
  }

  private void requeue(List<Map<String, Object>> batch, String why) {
    failedRequests++;
    // Older events go back in front of anything queued meanwhile; the cap drops the oldest.
    for (int i = batch.size() - 1; i >= 0; i--) {
      buffer.addFirst(batch.get(i));
    }
    trim();
    down(why);
  }

  private void trim() {
    while (buffer.size() > bufferCap) {
      buffer.removeFirst();
      droppedEvents++;
    }
  }

  /**
   * Says so once per distinct error: a bot that keeps sending the same bad thing must not flood.
   */
  private void rejected(String what, String why) {
    if (!why.equals(lastRejection)) {
      lastRejection = why;
      log.warn("exporter rejected {}: {} (said once until the error changes)", what, why);
    }
  }

  private void down(String why) {
    lastError = why;
    if (reachable) {
      reachable = false;
      log.warn(
          "exporter at {} unreachable ({}); buffering up to {} events and carrying on",
          eventsUrl,
          why,
          bufferCap);
    }
  }

  private void up() {
    if (!reachable) {
      reachable = true;
      log.info("exporter reachable again; {} events still queued", buffer.size());
    }
  }

  private static String errorOf(HttpResponse<Buffer> r) {
    try {
      JsonObject o = r.bodyAsJsonObject();
      if (o == null) {
        return "";
      }
      String field = o.getString("field");
      return o.getString("error", "") + (field == null ? "" : " (" + field + ")");
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** Counters for {@code /status}. */
  public Map<String, Object> stats() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reachable", reachable);
    m.put("sent_batches", sentBatches);
    m.put("sent_events", sentEvents);
    m.put("state_puts", statePuts);
    m.put("buffered_events", buffer.size());
    m.put("dropped_events", droppedEvents);
    m.put("failed_requests", failedRequests);
    m.put("in_flight", sending || putting);
    if (lastError != null) {
      m.put("last_error", lastError);
    }
    return m;
  }
}
