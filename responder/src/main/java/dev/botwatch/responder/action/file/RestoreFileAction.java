package dev.botwatch.responder.action.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.config.RestoreFileConfig;
import dev.botwatch.responder.template.FileTemplate;
import dev.botwatch.responder.template.Refusal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Action kind {@code restore_file}: puts a known-good copy back over a broken file (a bot whose
 * config got corrupted).
 *
 * <ol>
 *   <li>The paths are rendered by {@link FileTemplate}s: labels may choose only file names, and
 *       each file, symbolic links followed, must stay in the directory it is configured in (its
 *       root); otherwise the step is {@code refused} and nothing is read or written.
 *   <li>The known-good copy must exist and, if {@code validate} says so, parse as JSON or YAML;
 *       otherwise nothing is touched and the outcome is permanent.
 *   <li>If the file already equals the known-good copy, nothing is done (a repeat is harmless).
 *   <li>The broken file is copied to {@code <backup_dir>/<name>.<UTC time>.bak}; a backup is never
 *       overwritten (a second one gets {@code -1}, {@code -2}, ...).
 *   <li>The known-good bytes are written to a temporary file next to the target, given the target's
 *       permissions, synced, and renamed over it atomically: a reader sees the old file or the new
 *       one, never a missing or half-written one. That is why the broken file is copied aside
 *       rather than moved. A target that is a link (inside its root) is replaced where it points.
 * </ol>
 *
 * <p>Dry-run is the executor's business: {@link #attempt} always acts.
 */
public final class RestoreFileAction implements Action {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final int MAX_BACKUPS_PER_STAMP = 1000;

  private final RestoreFileConfig config;
  private final Clock clock;
  private final FileTemplate path;
  private final FileTemplate knownGood;
  private final FileTemplate backupDir;

  public RestoreFileAction(RestoreFileConfig config) {
    this(config, Clock.systemUTC());
  }

  /** Throws {@link IllegalArgumentException} for paths that config validation would reject. */
  public RestoreFileAction(RestoreFileConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.path = new FileTemplate(config.path());
    this.knownGood = new FileTemplate(config.knownGood());
    this.backupDir = config.backupDir() == null ? null : new FileTemplate(config.backupDir());
  }

  @Override
  public String kind() {
    return "restore_file";
  }

  /** {@code file:<path>} as configured (before templating). */
  @Override
  public String target() {
    return "file:" + config.path();
  }

  @Override
  public String describe(ActionContext ctx) {
    try {
      return "restore "
          + path.render(ctx::label).file()
          + " from "
          + knownGood.render(ctx::label).file()
          + (config.validate() == RestoreFileConfig.Format.NONE
              ? ""
              : " (checked as " + config.validate().name().toLowerCase() + ")")
          + ", backup in "
          + (backupDir == null ? "the same directory" : backupDir.render(ctx::label).file());
    } catch (Refusal r) {
      return "restore " + config.path() + " (refused: " + r.getMessage() + ")";
    }
  }

  /** Renders the paths and follows the links that exist now; writes nothing. */
  @Override
  public Outcome refusal(ActionContext ctx) {
    try {
      FileTemplate.Rendered t = path.render(ctx::label);
      FileTemplate.Rendered g = knownGood.render(ctx::label);
      FileTemplate.Rendered b = backupDir == null ? null : backupDir.render(ctx::label);
      for (FileTemplate.Rendered r : new FileTemplate.Rendered[] {t, g, b}) {
        if (r != null && Files.isDirectory(r.root())) {
          FileTemplate.realUnderRoot(r.root(), r.file());
        }
      }
      return null;
    } catch (Refusal r) {
      return refused(r);
    } catch (IOException e) {
      return null; // not a safety matter: the attempt reports it as a failure
    }
  }

  private static Outcome refused(Refusal r) {
    return Outcome.refused(r.getMessage() + "; nothing was read or written");
  }

  @Override
  public Outcome attempt(ActionContext ctx) {
    FileTemplate.Rendered t;
    FileTemplate.Rendered g;
    FileTemplate.Rendered b;
    Path good;
    try {
      t = path.render(ctx::label);
      g = knownGood.render(ctx::label);
      b = backupDir == null ? null : backupDir.render(ctx::label);
      good = knownGood(g);
    } catch (Refusal r) {
      return refused(r);
    }
    if (!Files.isRegularFile(good)) {
      return Outcome.permanent(
          "known-good copy " + good + " is missing; " + t.file() + " untouched");
    }
    byte[] content;
    try {
      content = Files.readAllBytes(good);
    } catch (IOException e) {
      return Outcome.permanent("cannot read known-good copy " + good + ": " + name(e));
    }
    String invalid = check(content, config.validate());
    if (invalid != null) {
      return Outcome.permanent(
          "known-good copy " + good + " " + invalid + "; " + t.file() + " untouched");
    }
    Path target = t.file();
    try {
      // The file the target resolves to (through a link inside its root), never outside it.
      target = FileTemplate.realUnderRoot(t.root(), t.file());
      if (!Files.exists(target)) {
        replace(target, content, good);
        return Outcome.success("restored " + target + " from " + good + " (it was missing)");
      }
      if (Files.mismatch(target, good) == -1) {
        return Outcome.success(target + " already matches " + good + "; nothing changed");
      }
      Path backup = backup(target, b);
      replace(target, content, target);
      return Outcome.success(
          "restored " + target + " from " + good + "; broken copy kept at " + backup);
    } catch (Refusal r) {
      return refused(r);
    } catch (AccessDeniedException | NoSuchFileException e) {
      return Outcome.permanent("cannot restore " + target + ": " + name(e));
    } catch (IOException e) {
      // Disk full, a busy file system: may pass on the next attempt.
      return Outcome.retryable("cannot restore " + target + ": " + name(e));
    }
  }

  /** The known-good copy, links followed inside its root; as rendered if its directory is gone. */
  private static Path knownGood(FileTemplate.Rendered g) throws Refusal {
    try {
      return FileTemplate.realUnderRoot(g.root(), g.file());
    } catch (IOException e) {
      return g.file(); // reported as a missing copy
    }
  }

  /** Why {@code content} is not valid in {@code format}, or null if it is; no content quoted. */
  static String check(byte[] content, RestoreFileConfig.Format format) {
    if (format == RestoreFileConfig.Format.NONE) {
      return null;
    }
    ObjectMapper mapper =
        format == RestoreFileConfig.Format.JSON
            ? new ObjectMapper()
            : new ObjectMapper(new YAMLFactory());
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    String kind = format.name().toLowerCase();
    try {
      JsonNode node = mapper.readTree(content);
      if (node == null || node.isMissingNode() || node.isNull()) {
        return "is empty, not " + kind;
      }
      return null;
    } catch (JsonProcessingException e) {
      // The parser's message quotes the content, which may hold credentials: give the place only.
      JsonLocation at = e.getLocation();
      return "is not valid "
          + kind
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    } catch (IOException e) {
      return "cannot be parsed as " + kind + ": " + name(e);
    }
  }

  /**
   * Copies {@code target} aside; {@code b} is the rendered {@code backup_dir} (null: next to the
   * target). The backup directory is created if needed and, links followed, must stay in its root.
   */
  private Path backup(Path target, FileTemplate.Rendered b) throws IOException, Refusal {
    Path dir = target.getParent();
    if (b != null) {
      Files.createDirectories(b.root());
      dir = FileTemplate.realUnderRoot(b.root(), b.file());
      Files.createDirectories(dir);
      dir = FileTemplate.realUnderRoot(b.root(), dir);
    }
    String base = target.getFileName() + "." + STAMP.format(clock.instant());
    for (int i = 0; i < MAX_BACKUPS_PER_STAMP; i++) {
      Path candidate = dir.resolve(i == 0 ? base + ".bak" : base + "-" + i + ".bak");
      try {
        // Without REPLACE_EXISTING the copy fails rather than overwrite an earlier backup.
        return Files.copy(target, candidate, StandardCopyOption.COPY_ATTRIBUTES);
      } catch (FileAlreadyExistsException e) {
        // Taken: try the next suffix.
      }
    }
    throw new IOException("no free backup name for " + base + " in " + dir);
  }

  /** Writes {@code content} next to {@code target} and renames it over it atomically. */
  private static void replace(Path target, byte[] content, Path permissionsFrom)
      throws IOException {
    Path temp =
        Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".restore");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(content));
        ch.force(true);
      }
      PosixFileAttributeView from =
          Files.getFileAttributeView(permissionsFrom, PosixFileAttributeView.class);
      if (from != null) {
        Files.setPosixFilePermissions(temp, from.readAttributes().permissions());
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String name(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
