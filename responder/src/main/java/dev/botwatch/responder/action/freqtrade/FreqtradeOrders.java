package dev.botwatch.responder.action.freqtrade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.action.freqtrade.FreqtradeAction.Failed;
import dev.botwatch.responder.action.freqtrade.FreqtradeClient.AuthException;
import dev.botwatch.responder.action.freqtrade.FreqtradeClient.DeadlineException;
import dev.botwatch.responder.action.freqtrade.FreqtradeClient.Reply;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two operations on a Freqtrade bot's orders and trades: cancelling every open order (one
 * DELETE per trade, remembered across retries) and flattening every position.
 */
final class FreqtradeOrders {
  private final FreqtradeClient client;
  private final FreqtradeAction action;

  /** Trades whose open order is gone (cancelled by us, or already): never sent a DELETE again. */
  private final Set<Long> done = new LinkedHashSet<>();

  /** Trades whose DELETE failed (a timeout may still have cancelled): looked at again. */
  private final Set<Long> tried = new LinkedHashSet<>();

  private int cancelled;
  private int gone;

  FreqtradeOrders(FreqtradeClient client, FreqtradeAction action) {
    this.client = client;
    this.action = action;
  }

  /** {@code GET /status}: the open trades ({@code []} when there are none). */
  private List<JsonNode> openTrades(Instant deadline)
      throws Failed, IOException, InterruptedException, DeadlineException, AuthException {
    Reply r = client.call("GET", "/api/v1/status", null, deadline);
    FreqtradeAction.check("GET /api/v1/status", r);
    List<JsonNode> out = new ArrayList<>();
    r.json().forEach(out::add);
    return out;
  }

  /** 2023.9+ says {@code has_open_orders}; before, a non-empty {@code open_order_id}. */
  private static boolean hasOpenOrder(JsonNode t) {
    return t.path("has_open_orders").asBoolean(false)
        || (t.hasNonNull("open_order_id") && !t.get("open_order_id").asText().isEmpty());
  }

  /**
   * Every trade with an open order gets one {@code DELETE /trades/{id}/open-order}; a failure on
   * one does not stop the others, and a retry sends DELETEs only for trades not yet done. Counted
   * as done: 200; 502 "no active trade" (Freqtrade cancelled an unfilled entry and deleted its
   * trade before answering); 502 "No open order" or "Invalid trade_id" (nothing left to cancel).
   */
  Outcome cancelOpenOrders(Instant deadline)
      throws Failed, IOException, InterruptedException, DeadlineException, AuthException {
    List<Long> todo = new ArrayList<>();
    for (JsonNode t : openTrades(deadline)) {
      long id = t.path("trade_id").asLong(-1);
      if (id >= 0 && hasOpenOrder(t) && !done.contains(id)) {
        todo.add(id);
      }
    }
    for (long id : tried) {
      if (!todo.contains(id)) {
        gone++; // a failed or timed-out DELETE that took effect after all, or another hand
        done.add(id);
      }
    }
    tried.clear();
    if (todo.isEmpty()) {
      return Outcome.success(summary(""));
    }
    String woke = action.exitsOnly(deadline);
    Map<Long, Outcome> failed = new LinkedHashMap<>();
    for (long id : todo) {
      String path = "/api/v1/trades/" + id + "/open-order";
      try {
        Reply r = client.call("DELETE", path, null, deadline);
        if (r.ok() || FreqtradeAction.says(r, "no active trade")) {
          cancelled++;
          done.add(id);
        } else if (FreqtradeAction.says(r, "no open order")
            || FreqtradeAction.says(r, "invalid trade_id")) {
          gone++;
          done.add(id);
        } else {
          FreqtradeAction.check("DELETE " + path, r);
        }
      } catch (Failed f) {
        failed.put(id, f.outcome);
        tried.add(id);
      } catch (HttpTimeoutException e) {
        failed.put(id, Outcome.retryable("DELETE " + path + " timed out"));
        tried.add(id);
      } catch (IOException e) {
        failed.put(id, Outcome.retryable("DELETE " + path + " failed"));
        tried.add(id);
      } catch (DeadlineException e) {
        failed.put(id, Outcome.retryable("deadline passed before DELETE " + path));
        break;
      }
    }
    String note = woke == null ? "" : woke + "; ";
    if (failed.isEmpty()) {
      return Outcome.success(note + summary(""));
    }
    boolean retry = failed.values().stream().anyMatch(Outcome::retryable);
    StringBuilder d = new StringBuilder(note).append(summary("; not yet: "));
    failed.values().stream().limit(5).forEach(o -> d.append(o.detail()).append("; "));
    if (failed.size() > 5) {
      d.append("and ").append(failed.size() - 5).append(" more");
    }
    String detail = d.toString().replaceAll("; $", "");
    return retry ? Outcome.retryable(detail) : Outcome.permanent(detail);
  }

  private String summary(String tail) {
    String s = "cancelled " + cancelled + " open order(s)";
    if (gone > 0) {
      s += ", " + gone + " already gone";
    }
    return done.isEmpty() && tail.isEmpty() ? "no open order to cancel" : s + tail;
  }

  /**
   * {@code /forceexit {"tradeid": "all", "ordertype": "market"}}, then {@code /status} until no
   * trade is open. Success only then: a force-exit Freqtrade accepted is not yet a flat account.
   * Never retried by the executor (a timed-out call may have exited).
   */
  Outcome forceExitAll(Instant deadline)
      throws Failed, IOException, InterruptedException, DeadlineException, AuthException {
    List<JsonNode> open = openTrades(deadline);
    if (open.isEmpty()) {
      return Outcome.success("no open trade: nothing to exit");
    }
    String woke = action.exitsOnly(deadline);
    Reply r =
        client.call(
            "POST",
            "/api/v1/forceexit",
            "{\"tradeid\": \"all\", \"ordertype\": \"market\"}",
            deadline);
    FreqtradeAction.check("POST /api/v1/forceexit", r);
    Instant sent = client.now();
    List<JsonNode> left = open;
    while (true) {
      try {
        left = openTrades(deadline);
        if (left.isEmpty()) {
          return Outcome.success(
              (woke == null ? "" : woke + "; ")
                  + "force-exit at market for "
                  + open.size()
                  + " trade(s); /status shows no open trade");
        }
      } catch (Failed | IOException e) {
        // keep asking until the deadline
      }
      if (!client.nap(deadline)) {
        break;
      }
    }
    List<String> ids = new ArrayList<>();
    left.stream().limit(10).forEach(t -> ids.add(t.path("trade_id").asText()));
    return Outcome.permanent(
        "force-exit at market accepted for "
            + open.size()
            + " trade(s), but "
            + left.size()
            + " still open after "
            + Duration.between(sent, client.now()).toSeconds()
            + "s (trade "
            + String.join(", ", ids)
            + "): check the exchange");
  }
}
