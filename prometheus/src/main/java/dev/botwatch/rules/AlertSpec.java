package dev.botwatch.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One alert of the catalog: its PromQL per severity (with {@code %T%} for the threshold and {@code
 * %key%} / {@code %Alert.key%} for other numbers of thresholds.yml), labels, annotations, and how
 * the generated tests drive it: which subject labels identify a case, a scenario that produces a
 * given value, and gates (cases that must stay silent however bad the value).
 */
public final class AlertSpec {
  /** Computes a severity's threshold for a profile (usually just its key in thresholds.yml). */
  @FunctionalInterface
  public interface ThresholdFn {
    double get(Thresholds th, String profile);
  }

  public record Level(String severity, Cmp cmp, ThresholdFn threshold, String expr) {}

  /** A case that must not fire although its value is past every threshold. */
  public record Gate(String name, Probe.Scenario scenario) {}

  /** A further firing case with its own series (e.g. a second source of the same condition). */
  public record Extra(String name, Probe.Scenario scenario) {}

  final String name;
  final String group;
  String recovery = "none";
  Kind kind = Kind.STATE;
  String condition = "";
  final List<Level> levels = new ArrayList<>();
  String summary;
  String description;
  boolean productionOnly;
  boolean alwaysFiring;
  List<String> subject = List.of("bot");
  final Map<String, String> fixed = new LinkedHashMap<>();
  Probe.Scenario scenario = p -> {};
  final List<Gate> gates = new ArrayList<>();
  final List<Extra> extras = new ArrayList<>();
  long settleSeconds = 300;
  TopBot topBot;

  AlertSpec(String name, String group) {
    this.name = name;
    this.group = group;
  }

  public String name() {
    return name;
  }

  public String group() {
    return group;
  }

  public String recovery() {
    return recovery;
  }

  public Kind kind() {
    return kind;
  }

  public String condition() {
    return condition;
  }

  public List<Level> levels() {
    return levels;
  }

  public boolean isProductionOnly() {
    return productionOnly;
  }

  public String anchor() {
    return name.toLowerCase(java.util.Locale.ROOT);
  }

  // ---- builder-style setters, used by the catalog ----

  AlertSpec recovery(String r) {
    this.recovery = r;
    return this;
  }

  AlertSpec kind(Kind k) {
    this.kind = k;
    return this;
  }

  AlertSpec condition(String c) {
    this.condition = c;
    return this;
  }

  AlertSpec level(String severity, Cmp cmp, String expr) {
    String key = severity;
    levels.add(new Level(severity, cmp, (th, p) -> th.num(name, key, p), expr));
    return this;
  }

  AlertSpec level(String severity, Cmp cmp, ThresholdFn fn, String expr) {
    levels.add(new Level(severity, cmp, fn, expr));
    return this;
  }

  /** A condition without a number: the rule fires when {@code expr} returns anything. */
  AlertSpec when(String severity, String expr) {
    levels.add(new Level(severity, Cmp.GT, (th, p) -> 0, expr));
    return this;
  }

  AlertSpec text(String summary, String description) {
    this.summary = summary;
    this.description = description;
    return this;
  }

  AlertSpec productionOnly() {
    this.productionOnly = true;
    return this;
  }

  AlertSpec alwaysFiring() {
    this.alwaysFiring = true;
    return this;
  }

  AlertSpec subject(String... labels) {
    this.subject = List.of(labels);
    return this;
  }

  AlertSpec fixed(String label, String value) {
    fixed.put(label, value);
    return this;
  }

  AlertSpec scenario(Probe.Scenario s) {
    this.scenario = s;
    return this;
  }

  AlertSpec gate(String name, Probe.Scenario s) {
    gates.add(new Gate(name, s));
    return this;
  }

  AlertSpec extra(String name, Probe.Scenario s) {
    extras.add(new Extra(name, s));
    return this;
  }

  /** Ends the description by naming the bot that uses the most of the host's resource. */
  AlertSpec topBot(TopBot t) {
    this.topBot = t;
    return this;
  }

  /** The description as the rule file states it, after its numbers are filled in. */
  String description(String filled) {
    return topBot == null ? filled : filled + topBot.template();
  }

  /** The description promtool renders for a firing case. */
  String expectedDescription(String filled) {
    return topBot == null ? filled : filled + topBot.expected();
  }

  /** When the scenario's value has settled (its longest window is covered). */
  AlertSpec settle(String duration) {
    this.settleSeconds = Thresholds.parseSeconds(duration, name + " settle");
    return this;
  }
}
