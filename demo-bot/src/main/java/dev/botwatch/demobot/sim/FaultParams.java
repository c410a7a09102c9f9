package dev.botwatch.demobot.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks the JSON body of {@code POST /faults/<name>}. */
final class FaultParams {
  private FaultParams() {}

  /**
   * A fault's parameters, checked, defaults filled in: {@code api_errors} {@code ratio} (0-1, the
   * share of calls that fail, default 1), {@code losses} {@code loss_per_trade} (>= 0, default 5),
   * {@code component_down} {@code component} (default scanner), {@code slow_control} {@code
   * seconds} (0-600, default 30). Unknown keys are refused: they are probably typos.
   */
  static Map<String, Object> check(Fault fault, Map<String, Object> given) {
    Map<String, Object> p = new LinkedHashMap<>();
    Map<String, Object> in = given == null ? Map.of() : given;
    List<String> known =
        switch (fault) {
          case API_ERRORS -> List.of("ratio");
          case LOSSES -> List.of("loss_per_trade");
          case COMPONENT_DOWN -> List.of("component");
          case SLOW_CONTROL -> List.of("seconds");
          default -> List.of();
        };
    for (String k : in.keySet()) {
      if (!known.contains(k)) {
        throw new ControlException(
            422,
            k
                + " is not a parameter of "
                + fault.wireName()
                + (known.isEmpty() ? "" : " (known: " + known + ")"),
            k);
      }
    }
    switch (fault) {
      case API_ERRORS -> p.put("ratio", number(in, "ratio", 1.0, 0.0001, 1.0));
      case LOSSES -> p.put("loss_per_trade", number(in, "loss_per_trade", 5.0, 0, 1_000_000));
      case SLOW_CONTROL -> p.put("seconds", number(in, "seconds", 30.0, 0, 600));
      case COMPONENT_DOWN -> {
        Object c = in.getOrDefault("component", "scanner");
        if (!(c instanceof String name) || !Simulation.COMPONENTS.contains(name)) {
          throw new ControlException(
              422, "component must be one of " + Simulation.COMPONENTS, "component");
        }
        p.put("component", name);
      }
      default -> {}
    }
    return p;
  }

  private static double number(
      Map<String, Object> in, String k, double dflt, double lo, double hi) {
    Object v = in.getOrDefault(k, dflt);
    if (!(v instanceof Number n) || n.doubleValue() < lo || n.doubleValue() > hi) {
      throw new ControlException(422, k + " must be a number " + lo + "-" + hi, k);
    }
    return n.doubleValue();
  }
}
