package dev.botwatch.demobot.sim;

/** One line for the bot's log; {@code level} is a Python logging level name. */
public record LogLine(String level, String message) {
  public static LogLine info(String m) {
    return new LogLine("INFO", m);
  }

  public static LogLine warning(String m) {
    return new LogLine("WARNING", m);
  }

  public static LogLine error(String m) {
    return new LogLine("ERROR", m);
  }
}
