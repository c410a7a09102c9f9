package dev.botwatch.rules;

/** The comparison of an alert's value with its threshold. */
public enum Cmp {
  GT(">"),
  GE(">="),
  LT("<"),
  LE("<=");

  private final String op;

  Cmp(String op) {
    this.op = op;
  }

  public String op() {
    return op;
  }

  /** +1 when larger is worse, -1 when smaller is worse. */
  int sign() {
    return this == GT || this == GE ? 1 : -1;
  }

  boolean inclusive() {
    return this == GE || this == LE;
  }

  double worse(double t, double step) {
    return t + sign() * step;
  }

  double better(double t, double step) {
    return t - sign() * step;
  }

  public boolean alerts(double v, double t) {
    return switch (this) {
      case GT -> v > t;
      case GE -> v >= t;
      case LT -> v < t;
      case LE -> v <= t;
    };
  }

  /** For the alerts table: "> 0.05%". */
  public String text() {
    return op;
  }
}
