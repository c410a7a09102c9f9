package dev.botwatch.exporter.http;

import dev.botwatch.common.http.JsonError;
import dev.botwatch.exporter.ingest.Ingest;
import dev.botwatch.exporter.ingest.IngestException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The thin HTTP side of {@link Ingest}: checks the content type, hands the body over, and turns the
 * outcome into 202 or a JSON error naming the field. Work runs on the event loop: parsing a body of
 * at most the body limit is a few milliseconds, cheaper than a hop to a worker.
 */
final class IngestHandlers {
  private final Ingest ingest;

  IngestHandlers(Ingest ingest) {
    this.ingest = ingest;
  }

  /** Refuses a body of the wrong type before it is read (415). */
  void requireContentType(RoutingContext ctx, boolean ndjsonAllowed) {
    String type = mediaType(ctx);
    boolean ok = type.equals("application/json") || (ndjsonAllowed && isNdjson(type));
    if (ok) {
      ctx.next();
      return;
    }
    ingest.refused("unsupported_media_type");
    JsonError.send(
        ctx,
        415,
        "Content-Type must be application/json" + (ndjsonAllowed ? " or application/x-ndjson" : ""),
        "Content-Type");
  }

  void events(RoutingContext ctx) {
    try {
      int n = ingest.events(ctx.body().buffer().getBytes(), isNdjson(mediaType(ctx)));
      ctx.response()
          .setStatusCode(202)
          .putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("accepted", n).encode());
    } catch (IngestException e) {
      JsonError.send(ctx, e.status(), e.getMessage(), e.field());
    }
  }

  void state(RoutingContext ctx) {
    try {
      ingest.state(ctx.pathParam("bot"), ctx.body().buffer().getBytes());
      ctx.response()
          .setStatusCode(202)
          .putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("accepted", 1).encode());
    } catch (IngestException e) {
      JsonError.send(ctx, e.status(), e.getMessage(), e.field());
    }
  }

  /** 413 from the body handler, counted; everything else goes on to the JSON failure handler. */
  void failure(RoutingContext ctx, long limit) {
    if (ctx.statusCode() == 413) {
      ingest.refused("too_large");
      JsonError.send(ctx, 413, "request body exceeds " + limit + " bytes", "body");
    } else {
      ctx.next();
    }
  }

  private static String mediaType(RoutingContext ctx) {
    String h = ctx.request().getHeader("Content-Type");
    if (h == null) {
      return "";
    }
    int semi = h.indexOf(';');
    return (semi < 0 ? h : h.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static boolean isNdjson(String type) {
    return type.equals("application/x-ndjson") || type.equals("application/ndjson");
  }
}
