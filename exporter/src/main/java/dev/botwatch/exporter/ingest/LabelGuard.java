package dev.botwatch.exporter.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Caps the label values bots may create: at most {@code maxBots} bots, and per bot at most {@code
 * maxValues} distinct values of each bot-supplied label (api, component, stream, source, switch,
 * currency). Values seen once stay admitted (their series exist), so a bot that stays within the
 * cap is never refused later. A request that would cross a cap is refused whole with 422 and reason
 * {@code cardinality}; nothing of it is admitted.
 */
public final class LabelGuard {
  /** One label value a request wants to use, with the field that carries it. */
  public record Use(String bot, String label, String value, String field, String botField) {
    public static Use bot(String bot, String botField) {
      return new Use(bot, null, null, botField, botField);
    }
  }

  private final int maxBots;
  private final int maxValues;
  private final Map<String, Map<String, Set<String>>> seen = new HashMap<>();

  public LabelGuard(int maxBots, int maxValues) {
    this.maxBots = maxBots;
    this.maxValues = maxValues;
  }

  /** Admits every use or none; throws naming the first use over a cap. */
  public synchronized void admit(List<Use> uses) {
    Map<String, Map<String, Set<String>>> added = new HashMap<>();
    for (Use u : uses) {
      Map<String, Set<String>> known = seen.get(u.bot());
      Map<String, Set<String>> fresh = added.computeIfAbsent(u.bot(), b -> new HashMap<>());
      if (known == null && fresh.isEmpty() && seen.size() + countNewBots(added) > maxBots) {
        throw over(u.botField(), "bot", maxBots, "bots");
      }
      if (u.label() == null) {
        continue; // the use only registers the bot
      }
      Set<String> knownValues = known == null ? Set.of() : known.getOrDefault(u.label(), Set.of());
      if (knownValues.contains(u.value())) {
        continue;
      }
      Set<String> freshValues = fresh.computeIfAbsent(u.label(), l -> new HashSet<>());
      if (freshValues.add(u.value()) && knownValues.size() + freshValues.size() > maxValues) {
        throw over(u.field(), u.label() + " value", maxValues, u.label() + " values per bot");
      }
    }
    added.forEach(
        (bot, labels) -> {
          Map<String, Set<String>> k = seen.computeIfAbsent(bot, b -> new HashMap<>());
          labels.forEach((l, vs) -> k.computeIfAbsent(l, x -> new HashSet<>()).addAll(vs));
        });
  }

  /** Frees the bot's slot and its label values (an expired bot). */
  public synchronized void forget(String bot) {
    seen.remove(bot);
  }

  private int countNewBots(Map<String, Map<String, Set<String>>> added) {
    int n = 0;
    for (String b : added.keySet()) {
      if (!seen.containsKey(b)) {
        n++;
      }
    }
    return n;
  }

  private static IngestException over(String field, String what, int cap, String unit) {
    return new IngestException(
        422,
        "cardinality",
        field,
        field + ": new " + what + " exceeds the cap of " + cap + " " + unit);
  }

  /** The label values an event uses (always at least the bot itself). */
  public static List<Use> uses(List<Event> events) {
    List<Use> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      String at = "events[" + i + "].";
      String botField = at + "bot";
      if (e instanceof Event.ApiCall a) {
        out.add(new Use(a.bot(), "api", a.api(), at + "api", botField));
      } else if (e instanceof Event.Error er) {
        out.add(new Use(er.bot(), "component", er.component(), at + "component", botField));
      } else if (e instanceof Event.Heartbeat h) {
        out.add(new Use(h.bot(), "component", h.component(), at + "component", botField));
      } else if (e instanceof Event.Websocket w) {
        out.add(new Use(w.bot(), "stream", w.stream(), at + "stream", botField));
      } else {
        out.add(Use.bot(e.bot(), botField));
      }
    }
    return out;
  }
}
