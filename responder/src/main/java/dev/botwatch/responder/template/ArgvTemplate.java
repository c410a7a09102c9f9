package dev.botwatch.responder.template;

import dev.botwatch.common.config.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A command's argv, each element a template that stays one element (there is no shell). The
 * program, {@code argv[0]}, is never templated. A label value used in an argument must be a plain
 * word of the {@link #SAFE safe set}: ASCII letters, digits and {@code _}, then also {@code . - : ,
 * = + @}; at most {@value #MAX_VALUE_CHARS} characters; never {@code ..}. So a value can neither
 * name a path ({@code /}, {@code ..}), nor be read as an option (a leading {@code -} or {@code +}),
 * nor carry whitespace, quotes, globs, NUL or control characters. Anything else is refused.
 */
public final class ArgvTemplate {
  /** What a label value in an argument may look like. */
  public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:,=+@-]*");

  public static final int MAX_VALUE_CHARS = 256;
  private static final Values.Words WORDS =
      new Values.Words(SAFE, MAX_VALUE_CHARS, "a command argument", "A-Z a-z 0-9 _ . - : , = + @");

  private final List<Template> argv;

  /** Throws {@link IllegalArgumentException} when {@link #validate} would complain. */
  public ArgvTemplate(List<String> argv) {
    Problems p = new Problems();
    validate(argv, "argv", p);
    if (!p.errors().isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", p.errors()));
    }
    List<Template> out = new ArrayList<>();
    for (String a : argv) {
      out.add(Template.parse(a));
    }
    this.argv = List.copyOf(out);
  }

  /** Config check: well-formed placeholders, none in {@code argv[0]}. */
  public static void validate(List<String> argv, String at, Problems p) {
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a == null) {
        p.add(at + "[" + i + "]", "must be set");
        continue;
      }
      if (i == 0 && Template.mentionsPlaceholder(a)) {
        p.add(at + "[0]", "must not use templates: a label never chooses the program");
        continue;
      }
      try {
        Template.parse(a);
      } catch (IllegalArgumentException e) {
        p.add(at + "[" + i + "]", e.getMessage());
      }
    }
  }

  /** The argv for these labels, one element per configured element, or a refusal. */
  public List<String> render(Function<String, String> labels) throws Refusal {
    List<String> out = new ArrayList<>(argv.size());
    for (Template t : argv) {
      out.add(t.render(name -> checked(name, labels.apply(name))));
    }
    return out;
  }

  /** The argv as configured, for describing a step whose labels were refused. */
  public List<String> configured() {
    return argv.stream().map(Template::source).toList();
  }

  static String checked(String name, String v) throws Refusal {
    if (v.startsWith("-") || v.startsWith("+")) {
      throw Refusal.label(name, v, WORDS.where(), "a program would read it as an option");
    }
    return Values.plainWord(name, v, WORDS);
  }
}
