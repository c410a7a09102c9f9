package dev.botwatch.responder.template;

import dev.botwatch.common.config.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A file path template, {@code restore_file}'s {@code path}, {@code known_good} or {@code
 * backup_dir}. Its directory part is fixed: it may use {@code {{bot}}} (always one of the
 * configured bot names) and nothing else, and that directory is the file's <em>root</em>. Only the
 * last component, the file name, may use other labels, and each label value there must be a plain
 * name of the {@link #SAFE safe set} ({@code A-Z a-z 0-9 _ . -}, not starting with {@code .} or
 * {@code -}, never {@code ..}, at most {@value #MAX_VALUE_CHARS} characters). After rendering,
 * {@link #realUnderRoot} follows symbolic links and refuses a file that would end up outside its
 * root.
 */
public final class FileTemplate {
  /** What a label value in a file name may look like. */
  public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  public static final int MAX_VALUE_CHARS = 255;
  private static final Set<String> DIRECTORY_LABELS = Set.of("bot");
  private static final String WHERE = "a file name";
  private static final Values.Words WORDS =
      new Values.Words(SAFE, MAX_VALUE_CHARS, WHERE, "A-Z a-z 0-9 _ . - or starts with '.' or '-'");

  /** The root (the directory part) and the file inside it, both absolute and normalized. */
  public record Rendered(Path root, Path file) {}

  private final String source;
  private final Template dir;
  private final Template name;

  /** Throws {@link IllegalArgumentException} when {@link #validate} would complain. */
  public FileTemplate(String template) {
    Problems p = new Problems();
    validate(template, "path", p);
    if (!p.errors().isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", p.errors()));
    }
    this.source = template;
    int slash = template.lastIndexOf('/');
    this.dir = Template.parse(slash < 0 ? "." : slash == 0 ? "/" : template.substring(0, slash));
    this.name = Template.parse(template.substring(slash + 1));
  }

  /**
   * Config check: a file name at the end, placeholders well formed, and none but {@code {{bot}}} in
   * the directory part, where a label could change which directory the file is in.
   */
  public static void validate(String template, String at, Problems p) {
    if (template == null || template.isBlank()) {
      return;
    }
    int slash = template.lastIndexOf('/');
    String file = template.substring(slash + 1);
    if (file.isEmpty() || file.equals(".") || file.equals("..")) {
      p.add(at, "must end with a name (a file, or for backup_dir a directory), not with /");
      return;
    }
    Template dirPart;
    try {
      dirPart = Template.parse(slash < 0 ? "" : template.substring(0, slash));
      Template.parse(file);
    } catch (IllegalArgumentException e) {
      p.add(at, e.getMessage());
      return;
    }
    for (String label : dirPart.names()) {
      if (!DIRECTORY_LABELS.contains(label)) {
        p.add(
            at,
            "uses {{"
                + label
                + "}} in its directory part: a label may only choose a file name, so the"
                + " directory stays fixed ({{bot}} may appear anywhere)");
      }
    }
  }

  /** The root and file for these labels (no file system access), or a refusal. */
  public Rendered render(Function<String, String> labels) throws Refusal {
    Path root = Path.of(dir.render(n -> checked(n, labels.apply(n)))).toAbsolutePath().normalize();
    String file = name.render(n -> checked(n, labels.apply(n)));
    if (file.equals(".") || file.equals("..") || file.isEmpty() || file.contains("/")) {
      throw Refusal.label(
          String.join(", ", name.names()), file, WHERE, "the file name would be '" + file + "'");
    }
    return new Rendered(root, root.resolve(file));
  }

  /** The template as configured, for describing a refused step. */
  public String configured() {
    return source;
  }

  /**
   * The real path of {@code file} (symbolic links followed, or its would-be place if it does not
   * exist yet), refused unless it lies under the real path of {@code root}. A link to a missing
   * file is refused too: writing through it would create a file wherever it points.
   *
   * @throws IOException when the root cannot be resolved (it does not exist, say)
   */
  public static Path realUnderRoot(Path root, Path file) throws Refusal, IOException {
    Path realRoot = root.toRealPath();
    Path real;
    if (Files.exists(file)) {
      real = file.toRealPath();
    } else if (Files.isSymbolicLink(file)) {
      throw new Refusal(file + " is a symbolic link to a missing file; not followed");
    } else {
      Path parent = file.getParent();
      real = (parent == null ? realRoot : parent.toRealPath()).resolve(file.getFileName());
    }
    if (!real.startsWith(realRoot)) {
      throw new Refusal(
          file
              + " resolves to "
              + real
              + ", outside "
              + realRoot
              + " (a file may not leave the directory it is configured in, links followed)");
    }
    return real;
  }

  static String checked(String name, String v) throws Refusal {
    return Values.plainWord(name, v, WORDS);
  }
}
