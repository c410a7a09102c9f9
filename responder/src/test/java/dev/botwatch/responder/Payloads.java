package dev.botwatch.responder;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Alertmanager webhook v4 bodies as Alertmanager 0.25 sends them (nanosecond startsAt, hex
 * fingerprints).
 */
public final class Payloads {
  public static final String FIRING_END = "0001-01-01T00:00:00Z";

  private Payloads() {}

  public static JsonObject alert(
      String status, String fingerprint, String startsAt, Map<String, String> labels) {
    JsonObject l = new JsonObject();
    labels.forEach(l::put);
    return new JsonObject()
        .put("status", status)
        .put("labels", l)
        .put("annotations", new JsonObject().put("summary", "test alert"))
        .put("startsAt", startsAt)
        .put("endsAt", "firing".equals(status) ? FIRING_END : "2026-11-22T09:10:00.123456789Z")
        .put("generatorURL", "")
        .put("fingerprint", fingerprint);
  }

  public static JsonObject alert(String status, String bot, String recovery, String fp) {
    return alert(
        status,
        fp,
        "2026-11-22T08:00:00.123456789Z",
        Map.of(
            "alertname",
            "BotApiErrorRateHigh",
            "bot",
            bot,
            "severity",
            "critical",
            "recovery",
            recovery));
  }

  public static String notification(String status, JsonObject... alerts) {
    JsonArray a = new JsonArray();
    for (JsonObject o : alerts) {
      a.add(o);
    }
    return new JsonObject()
        .put("version", "4")
        .put("groupKey", "{}:{alertname=\"BotApiErrorRateHigh\"}")
        .put("truncatedAlerts", 0)
        .put("status", status)
        .put("receiver", "responder")
        .put("groupLabels", new JsonObject().put("alertname", "BotApiErrorRateHigh"))
        .put("commonLabels", new JsonObject())
        .put("commonAnnotations", new JsonObject())
        .put("externalURL", "http://127.0.0.1:9350")
        .put("alerts", a)
        .encode();
  }

  public static String firing(String bot, String recovery, String fp) {
    return notification("firing", alert("firing", bot, recovery, fp));
  }

  public static String resolved(String bot, String recovery, String fp) {
    return notification("resolved", alert("resolved", bot, recovery, fp));
  }
}
