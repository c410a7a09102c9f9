package dev.botwatch.common;

import java.io.IOException;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.help.HelpFormatter;
import org.apache.commons.cli.help.TextHelpAppendable;

/**
 * A command line: its options plus {@code -h/--help} and {@code -V/--version}. Help and version
 * print to stdout and end with 0; a usage error (an unknown or incomplete option, a stray argument)
 * prints the reason and the usage to stderr and ends with 2. Long options match only when spelled
 * out. The parser's class files (Java 8) go into the class-data archive, so parsing costs a start
 * next to nothing; a parser built for Java 5 cannot be archived and took ~0.15 s.
 */
public final class Cli {
  /** What {@link #parse} found: the command line to act on, or the exit code it already ended. */
  public record Parsed(CommandLine line, int exit) {
    /** True when help, version or a usage error has already ended the command. */
    public boolean done() {
      return line == null;
    }
  }

  private final String syntax;
  private final String description;
  private final Options shown = new Options();
  private final Options all = new Options();

  /**
   * @param syntax the command, before its options, e.g. {@code java -jar botwatch-responder.jar}
   * @param description one sentence on what it does
   */
  public Cli(String syntax, String description) {
    this.syntax = syntax;
    this.description = description;
    option(Option.builder("h").longOpt("help").desc("show this help and exit").get());
    option(Option.builder("V").longOpt("version").desc("print the version and exit").get());
  }

  /** An option listed in the help. */
  public Cli option(Option o) {
    shown.addOption(o);
    all.addOption(o);
    return this;
  }

  /** An option accepted but left out of the help (for scripts, not people). */
  public Cli hidden(Option o) {
    all.addOption(o);
    return this;
  }

  /** Parses {@code args}; help, version and usage errors are printed and end the command. */
  public Parsed parse(String name, String[] args) {
    CommandLine line;
    try {
      line = DefaultParser.builder().setAllowPartialMatching(false).get().parse(all, args);
    } catch (ParseException e) {
      return usageError(name, e.getMessage());
    }
    if (!line.getArgList().isEmpty()) {
      return usageError(name, "unexpected argument(s): " + String.join(" ", line.getArgList()));
    }
    if (line.hasOption("help")) {
      help(System.out);
      return new Parsed(null, 0);
    }
    if (line.hasOption("version")) {
      System.out.println(version());
      return new Parsed(null, 0);
    }
    return new Parsed(line, -1);
  }

  /** Reports a usage error found after parsing (e.g. a missing required option): exit code 2. */
  public Parsed usageError(String name, String reason) {
    System.err.println(name + ": " + reason);
    help(System.err);
    return new Parsed(null, 2);
  }

  private void help(PrintStream out) {
    try {
      HelpFormatter.builder()
          .setShowSince(false)
          .setHelpAppendable(new TextHelpAppendable(out))
          .get()
          .printHelp(syntax, description, shown, "", true);
    } catch (IOException e) {
      out.println(syntax + ": " + description);
    }
    out.flush();
  }

  /** {@code botwatch <version>} from the jar's manifest, {@code dev} outside a jar. */
  public static String version() {
    String v = Cli.class.getPackage().getImplementationVersion();
    return "botwatch " + (v == null ? "dev" : v);
  }
}
