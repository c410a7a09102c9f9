package dev.botwatch.responder.action.command;

import dev.botwatch.common.config.Secret;
import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Deadlines;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.action.Redact;
import dev.botwatch.responder.config.CommandConfig;
import dev.botwatch.responder.template.ArgvTemplate;
import dev.botwatch.responder.template.Refusal;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Action kind {@code command}: runs one program once, argv rendered from the alert by an {@link
 * ArgvTemplate} (each label value one plain word, or the step is refused) but never through a
 * shell, with a timeout. Exit 0 is success; a timeout is retryable (the process is sent SIGTERM,
 * then SIGKILL after {@link #KILL_GRACE}, children included); another exit code is permanent unless
 * listed in {@code retry_on_exit_codes}. The last {@link #TAIL_BYTES} bytes of stdout and of stderr
 * go into the outcome, with {@code secret_env} values masked. The child inherits only {@link
 * #INHERITED_ENV} from the responder, plus {@code env} and {@code secret_env}.
 */
public final class CommandAction implements Action {
  public static final int TAIL_BYTES = 2048;
  public static final Duration KILL_GRACE = Duration.ofSeconds(2);

  /**
   * The only variables a command inherits from the responder; {@code systemctl --user} needs the
   * last two.
   */
  public static final Set<String> INHERITED_ENV =
      Set.of(
          "PATH",
          "HOME",
          "USER",
          "LOGNAME",
          "LANG",
          "LC_ALL",
          "TZ",
          "TMPDIR",
          "XDG_RUNTIME_DIR",
          "DBUS_SESSION_BUS_ADDRESS");

  private final CommandConfig config;
  private final ArgvTemplate argv;

  /** Throws {@link IllegalArgumentException} for an argv that config validation would reject. */
  public CommandAction(CommandConfig config) {
    this.config = config;
    this.argv = new ArgvTemplate(config.argv());
  }

  @Override
  public String kind() {
    return "command";
  }

  /** {@code command:<argv[0]>} as configured (before templating). */
  @Override
  public String target() {
    return "command:" + config.argv().get(0);
  }

  @Override
  public String describe(ActionContext ctx) {
    StringBuilder b = new StringBuilder("run ");
    try {
      b.append(argv.render(ctx::label));
    } catch (Refusal r) {
      b.append(argv.configured()).append(" (refused: ").append(r.getMessage()).append(")");
    }
    if (config.workingDir() != null) {
      b.append(" in ").append(config.workingDir());
    }
    TreeSet<String> names = new TreeSet<>(config.env().keySet());
    names.addAll(config.secretEnv().keySet());
    if (!names.isEmpty()) {
      b.append(" with env ").append(String.join(", ", names));
    }
    return b.append(" (timeout ").append(config.timeout().toMillis()).append(" ms)").toString();
  }

  @Override
  public Outcome refusal(ActionContext ctx) {
    try {
      argv.render(ctx::label);
      return null;
    } catch (Refusal r) {
      return Outcome.refused(r.getMessage() + "; " + config.argv().get(0) + " was not run");
    }
  }

  @Override
  public Outcome attempt(ActionContext ctx) {
    List<String> argv;
    try {
      argv = this.argv.render(ctx::label);
    } catch (Refusal r) {
      return Outcome.refused(r.getMessage() + "; " + config.argv().get(0) + " was not run");
    }
    Map<String, String> secrets = new LinkedHashMap<>();
    for (Map.Entry<String, Secret> e : config.secretEnv().entrySet()) {
      try {
        secrets.put(e.getKey(), e.getValue().resolve());
      } catch (IllegalStateException ex) {
        return Outcome.permanent("secret_env " + e.getKey() + " unavailable: " + ex.getMessage());
      }
    }
    ProcessBuilder pb = new ProcessBuilder(argv);
    if (config.workingDir() != null) {
      pb.directory(new File(config.workingDir()));
    }
    // The responder's own environment may hold its tokens ({env: ...} secrets): pass on only
    // what programs commonly need, then what the config adds.
    pb.environment().keySet().retainAll(INHERITED_ENV);
    pb.environment().putAll(config.env());
    pb.environment().putAll(secrets);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Duration timeout = Deadlines.within(config.timeout(), ctx.deadline(), Instant.now());
    long started = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      // Missing program, no permission, bad working_dir: the same next time.
      return Outcome.permanent("cannot start " + argv.get(0) + ": " + e.getMessage());
    }
    Tail out = Tail.start(p.getInputStream(), "stdout");
    Tail err = Tail.start(p.getErrorStream(), "stderr");
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        boolean forced = kill(p);
        return Outcome.retryable(
            "timed out after "
                + timeout.toMillis()
                + " ms"
                + (timeout.equals(config.timeout()) ? "" : " (the executor's deadline)")
                + "; "
                + (forced ? "killed (SIGKILL)" : "terminated (SIGTERM)")
                + output(out, err, secrets));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(p);
      return Outcome.retryable("interrupted; process terminated" + output(out, err, secrets));
    }
    int code = p.exitValue();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    String detail = "exit " + code + " after " + ms + " ms" + output(out, err, secrets);
    if (code == 0) {
      return Outcome.success(detail);
    }
    return config.retryOnExitCodes().contains(code)
        ? Outcome.retryable(detail)
        : Outcome.permanent(detail);
  }

  /** SIGTERM to the process and its children, SIGKILL after the grace; true if SIGKILL. */
  private static boolean kill(Process p) {
    // Children are re-parented once the parent dies, so collect them first.
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    children.forEach(ProcessHandle::destroy);
    boolean forced = false;
    try {
      if (!p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        forced = true;
        p.destroyForcibly();
        p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    return forced;
  }

  private static String output(Tail out, Tail err, Map<String, String> secrets) {
    StringBuilder b = new StringBuilder();
    for (Tail t : List.of(out, err)) {
      String text = t.finish();
      for (String s : secrets.values()) {
        text = Redact.secret(text, s);
        if (text.startsWith("…")) {
          // The tail may begin halfway through a secret: mask that remnant too.
          text = "…" + Redact.cutSecret(text.substring(1), s);
        }
      }
      if (!text.isBlank()) {
        b.append("; ").append(t.name).append(": ").append(text.strip());
      }
    }
    return b.toString();
  }

  /** Drains a stream on its own thread, keeping only the last {@link #TAIL_BYTES} bytes. */
  private static final class Tail implements Runnable {
    private final InputStream in;
    private final String name;
    private final byte[] buf = new byte[TAIL_BYTES];
    private long total;
    private final Thread thread;

    private Tail(InputStream in, String name) {
      this.in = in;
      this.name = name;
      this.thread = new Thread(this, "command-" + name);
      thread.setDaemon(true);
    }

    static Tail start(InputStream in, String name) {
      Tail t = new Tail(in, name);
      t.thread.start();
      return t;
    }

    @Override
    public void run() {
      byte[] chunk = new byte[1024];
      try (in) {
        int n;
        while ((n = in.read(chunk)) > 0) {
          synchronized (this) {
            for (int i = 0; i < n; i++) {
              buf[(int) (total++ % TAIL_BYTES)] = chunk[i];
            }
          }
        }
      } catch (IOException e) {
        // The pipe closes when the process is killed; what was read so far is kept.
      }
    }

    /** Waits briefly for the rest (a grandchild may hold the pipe open) and returns the tail. */
    String finish() {
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        int len = (int) Math.min(total, TAIL_BYTES);
        byte[] out = new byte[len];
        long start = total - len;
        for (int i = 0; i < len; i++) {
          out[i] = buf[(int) ((start + i) % TAIL_BYTES)];
        }
        String text = new String(out, StandardCharsets.UTF_8);
        return total > TAIL_BYTES ? "…" + text : text;
      }
    }
  }
}
