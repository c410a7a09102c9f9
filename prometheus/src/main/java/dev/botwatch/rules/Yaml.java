package dev.botwatch.rules;

/** Just enough YAML writing for readable, stable generated files. */
final class Yaml {
  private Yaml() {}

  /** A scalar: plain when safe, otherwise single-quoted. */
  static String scalar(String s) {
    if (s.matches("[A-Za-z0-9_./:-]+")
        && !s.matches("(?i)true|false|yes|no|null|on|off|~|[0-9.eE+-]+")) {
      return s;
    }
    return "'" + s.replace("'", "''") + "'";
  }

  /** {@code key: value} at an indent, multi-line values as a literal block. */
  static void field(StringBuilder out, int indent, String key, String value) {
    String pad = " ".repeat(indent);
    if (value.contains("\n")) {
      out.append(pad).append(key).append(": |-\n");
      for (String line : value.split("\n", -1)) {
        out.append(line.isEmpty() ? "" : pad + "  " + line).append('\n');
      }
    } else {
      out.append(pad).append(key).append(": ").append(scalar(value)).append('\n');
    }
  }
}
