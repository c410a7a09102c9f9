package dev.botwatch.responder.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.responder.Payloads;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadParserTest {
  private final PayloadParser parser = new PayloadParser();

  @Test
  void parsesAlertmanager025PayloadWithNanosAndZeroEndsAt() throws Exception {
    JsonObject body = new JsonObject(Payloads.firing("paper", "soft", "a1b2c3d4e5f60718"));
    body.put("routeLabels", new JsonObject()).put("notification_reason", "new");
    Notification n = parser.parse(body.encode());
    assertThat(n.firing()).isTrue();
    assertThat(n.alerts()).hasSize(1);
    Alert a = n.alerts().get(0);
    assertThat(a.startsAt()).isEqualTo(Instant.parse("2026-11-22T08:00:00.123456789Z"));
    assertThat(a.endsAt()).isNull();
    assertThat(a.label("recovery")).isEqualTo("soft");
    assertThat(a.fingerprint()).isEqualTo("a1b2c3d4e5f60718");
  }

  @Test
  void offsetTimesAndResolvedEndsAt() throws Exception {
    JsonObject a =
        Payloads.alert("resolved", "paper", "soft", "ff")
            .put("startsAt", "2026-11-22T10:00:00+02:00");
    Notification n = parser.parse(Payloads.notification("resolved", a));
    assertThat(n.alerts().get(0).startsAt()).isEqualTo(Instant.parse("2026-11-22T08:00:00Z"));
    assertThat(n.alerts().get(0).endsAt()).isNotNull();
    assertThat(n.alerts().get(0).firing()).isFalse();
  }

  @Test
  void anEmptyAlertListIsValid() throws Exception {
    assertThat(parser.parse(Payloads.notification("resolved")).alerts()).isEmpty();
  }

  /** Each row: a JSON pointer-ish edit of a valid payload, and the field the error must name. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "version 3              | version=\"3\"                 | version",
        "version number         | version=4                     | version",
        "no version             | version=null                  | version",
        "bad status             | status=\"burning\"            | status",
        "no groupKey            | groupKey=null                 | groupKey",
        "alerts not array       | alerts={}                     | alerts",
        "no alerts              | alerts=null                   | alerts",
        "alert status           | alerts[0].status=\"x\"        | alerts[0].status",
        "no labels              | alerts[0].labels=null         | alerts[0].labels",
        "label not string       | alerts[0].labels.bot=1        | alerts[0].labels.bot",
        "no startsAt            | alerts[0].startsAt=null       | alerts[0].startsAt",
        "bad startsAt           | alerts[0].startsAt=\"yesterday\" | alerts[0].startsAt",
        "bad endsAt             | alerts[0].endsAt=\"2026-13-01\" | alerts[0].endsAt",
        "no fingerprint         | alerts[0].fingerprint=null    | alerts[0].fingerprint",
        "fingerprint not hex    | alerts[0].fingerprint=\"zz;drop\" | alerts[0].fingerprint",
        "annotations not object | alerts[0].annotations=[]      | alerts[0].annotations",
        "truncated not int      | truncatedAlerts=\"x\"         | truncatedAlerts",
      })
  void refusesNamingTheField(String name, String edit, String field) {
    JsonObject body = new JsonObject(Payloads.firing("paper", "soft", "a1b2c3d4e5f60718"));
    apply(body, edit);
    assertThatThrownBy(() -> parser.parse(body.encode()))
        .isInstanceOf(PayloadException.class)
        .satisfies(e -> assertThat(((PayloadException) e).field()).isEqualTo(field));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"not json", "[1,2]", "'\"x\"'", "{", "''"})
  void refusesWhatIsNotAnObject(String body) {
    assertThatThrownBy(() -> parser.parse(body)).isInstanceOf(PayloadException.class);
  }

  private static void apply(JsonObject body, String edit) {
    int eq = edit.indexOf('=');
    String path = edit.substring(0, eq);
    Object value = io.vertx.core.json.Json.decodeValue(edit.substring(eq + 1));
    JsonObject target = body;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      String p = parts[i];
      target =
          p.endsWith("[0]")
              ? target.getJsonArray(p.substring(0, p.length() - 3)).getJsonObject(0)
              : target.getJsonObject(p);
    }
    String last = parts[parts.length - 1];
    if (value == null) {
      target.remove(last);
    } else {
      target.put(last, value);
    }
  }
}
