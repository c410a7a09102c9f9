package dev.botwatch.demobot.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bot contract's control actions and the fault switches, applied to a {@link Simulation}. Each
 * call returns what was done as a JSON-ready map and which faults it cleared, or throws {@link
 * ControlException} (404 unknown action, 400/422 bad body, 403 refused). Every call to a known
 * action is counted, refused or not, so tests can assert "called exactly once".
 */
public final class Controls {
  public static final List<String> ACTIONS =
      List.of(
          "reset-connections",
          "clear-cache",
          "refresh-auth",
          "restart-component",
          "reset-strategy",
          "cancel-orders",
          "stop-trading",
          "liquidate",
          "emergency-mode",
          "refresh-data",
          "resume");

  /** The faults behind the emergency alerts; {@code resume} clears them. */
  public static final List<Fault> EMERGENCY_CAUSES =
      List.of(Fault.LOSSES, Fault.API_ERRORS, Fault.MEMORY_GROWTH);

  private final Simulation sim;

  public Controls(Simulation sim) {
    this.sim = sim;
  }

  /** What a call did: the response body, the faults it cleared, a line for the bot's log. */
  public record Result(Map<String, Object> body, List<Fault> cleared, LogLine log) {}

  public Result control(String action, Map<String, Object> body) {
    if (!ACTIONS.contains(action)) {
      throw new ControlException(404, "unknown control action '" + action + "'", "action");
    }
    synchronized (sim) {
      sim.controlCalls.merge(action, 1, Integer::sum);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("action", action);
      List<Fault> cleared = new ArrayList<>();
      String done =
          switch (action) {
            case "reset-connections" -> {
              clear(cleared, Fault.API_ERRORS, Fault.API_SLOW, Fault.WEBSOCKET_FLAP);
              clear(cleared, Fault.NONCE_FAILURES);
              sim.reconnectWebsocket();
              yield "closed and reopened exchange, price API and websocket connections";
            }
            case "clear-cache" -> {
              clear(cleared, Fault.SLOW_SCANS);
              yield "cleared the scanner's token cache";
            }
            case "refresh-auth" -> "renewed API credentials";
            case "restart-component" -> restartComponent(body, out, cleared);
            case "reset-strategy" -> {
              clear(cleared, Fault.LOSSES);
              yield "reloaded the strategy and reset its internal state";
            }
            case "cancel-orders" -> {
              out.put("cancelled", sim.openOrders);
              sim.openOrders = 0;
              yield "cancelled all open orders";
            }
            case "stop-trading" -> {
              sim.tradingState = "paused";
              yield "stopped new entries (trading paused)";
            }
            case "liquidate" -> liquidate(out);
            case "emergency-mode" -> {
              boolean active = bool(body, "active");
              sim.emergency = active;
              out.put("emergency_mode", active);
              yield active ? "emergency mode on: no trading" : "emergency mode off";
            }
            case "refresh-data" -> {
              clear(cleared, Fault.STALE_DATA);
              yield "refreshing price data on the next tick";
            }
            default -> { // resume
              sim.tradingState = "running";
              sim.emergency = false;
              // A person resumes a real bot after fixing what tripped the emergency stop; in
              // the demo, resuming is that fix, so pressing Resume in the console gives back a
              // healthy bot instead of one that keeps losing.
              clear(cleared, EMERGENCY_CAUSES.toArray(Fault[]::new));
              yield "trading resumed, emergency mode off";
            }
          };
      out.put("done", done);
      out.put("cleared", cleared.stream().map(Fault::wireName).toList());
      out.put("trading_state", sim.effectiveTradingState());
      return new Result(
          out, List.copyOf(cleared), LogLine.warning("control " + action + ": " + done));
    }
  }

  /**
   * Restarts one component, or the whole main loop. A missing, empty or unknown component (such as
   * an unrendered {@code {{component}}} from a playbook whose alert has no component label) means
   * {@code main}: refusing would leave the medium playbook nothing to repair with. Restarting main
   * re-initialises everything inside the process except its memory: the hung loop, down components,
   * the strategy's losing streak, the scanner's cold cache.
   */
  private String restartComponent(
      Map<String, Object> body, Map<String, Object> out, List<Fault> cleared) {
    Object c = body == null ? null : body.get("component");
    if (c != null && !(c instanceof String)) {
      throw new ControlException(422, "component must be a string", "component");
    }
    String name = (String) c;
    if (name == null || !Simulation.COMPONENTS.contains(name)) {
      if (name != null && !name.isBlank()) {
        out.put("note", "unknown component '" + name + "': restarted main");
      }
      name = "main";
    }
    out.put("component", name);
    // A restart unsticks the hung loop whichever component it names.
    clear(cleared, Fault.STALL);
    Map<String, Object> down = sim.faults.get(Fault.COMPONENT_DOWN);
    if (down != null && (name.equals("main") || name.equals(down.get("component")))) {
      clear(cleared, Fault.COMPONENT_DOWN);
      sim.components.replaceAll((k, v) -> true);
    }
    if (name.equals("main") || name.equals("scanner")) {
      clear(cleared, Fault.SLOW_SCANS);
    }
    if (name.equals("main")) {
      clear(cleared, Fault.LOSSES);
    }
    if (name.equals("main") || name.equals("websocket")) {
      sim.reconnectWebsocket();
    }
    return "restarted component " + name;
  }

  private String liquidate(Map<String, Object> out) {
    if (!sim.trading.liquidationAllowed()) {
      throw new ControlException(
          403, "liquidation is not allowed for this bot (trading.liquidation_allowed)", null);
    }
    out.put("closed", sim.openPositions);
    sim.openPositions = 0;
    return "closed all open positions";
  }

  private static boolean bool(Map<String, Object> body, String field) {
    Object v = body == null ? null : body.get(field);
    if (v == null) {
      throw new ControlException(422, field + " is required", field);
    }
    if (!(v instanceof Boolean b)) {
      throw new ControlException(422, field + " must be true or false", field);
    }
    return b;
  }

  private void clear(List<Fault> cleared, Fault... faults) {
    for (Fault f : faults) {
      if (sim.faults.remove(f) != null) {
        cleared.add(f);
      }
    }
  }

  /** Turns a fault on (with its parameters) or off; returns a description of the switch. */
  public Result fault(Fault fault, boolean on, Map<String, Object> params) {
    synchronized (sim) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("fault", fault.wireName());
      Map<String, Object> p = on ? FaultParams.check(fault, params) : new LinkedHashMap<>();
      if (on && fault == Fault.COMPONENT_DOWN) {
        Map<String, Object> was = sim.faults.get(Fault.COMPONENT_DOWN);
        if (was != null) {
          sim.components.put((String) was.get("component"), true);
        }
        String name = (String) p.get("component");
        sim.components.put(name, false);
        sim.addPending(sim.event("error", 0).with("component", name).with("severity", "critical"));
      }
      List<Fault> cleared = new ArrayList<>();
      if (on) {
        sim.faults.put(fault, p);
      } else if (sim.faults.remove(fault) != null) {
        cleared.add(fault);
        if (fault == Fault.COMPONENT_DOWN) {
          sim.components.replaceAll((k, v) -> true);
        }
        if (fault == Fault.WEBSOCKET_FLAP) {
          sim.reconnectWebsocket();
        }
      }
      out.put("active", on);
      out.putAll(p);
      out.put("alert", fault.alert());
      out.put("cleared_by", fault.clearedBy());
      String verb = on ? "fault injected: " : "fault removed: ";
      return new Result(out, cleared, LogLine.warning(verb + fault.wireName()));
    }
  }
}
