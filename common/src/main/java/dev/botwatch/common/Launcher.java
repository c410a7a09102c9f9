package dev.botwatch.common;

import dev.botwatch.common.config.ConfigException;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.common.config.YamlConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The shared {@code main} of botwatch's programs: parses {@code --config}, loads and validates the
 * YAML (a bad config exits 2 listing every error), starts the program on a fresh Vert.x, prints one
 * {@code <name> listening on http://host:port (ready in N ms)} line that scripts and tests wait for
 * (N counts from the process start, so it includes the JVM's own start and the config), and stops
 * gracefully on SIGTERM. {@code --warm-up} runs the program's {@link WarmUp} instead: the training
 * run that writes its class-data sharing archive.
 */
public final class Launcher {
  private static final Logger log = LoggerFactory.getLogger(Launcher.class);

  /** A started program. */
  public interface Running {
    /** The port actually bound (useful when the config says 0). */
    int port();

    /** Stops accepting work and releases resources. */
    Future<Void> stop();
  }

  private Launcher() {}

  public static <C extends Validatable> int main(
      String name,
      String[] args,
      Class<C> configType,
      BiFunction<Vertx, C, Future<? extends Running>> start) {
    return main(name, args, configType, start, null);
  }

  /** As above, with the training run that {@code --warm-up} performs. */
  public static <C extends Validatable> int main(
      String name,
      String[] args,
      Class<C> configType,
      BiFunction<Vertx, C, Future<? extends Running>> start,
      WarmUp warmUp) {
    return new CommandLine(new Cmd<>(name, configType, start, warmUp)).execute(args);
  }

  /** Time since the process started (the exec), or since {@code fallbackNanos} if unknown. */
  public static Duration sinceProcessStart(long fallbackNanos) {
    return ProcessHandle.current()
        .info()
        .startInstant()
        .map(t -> Duration.between(t, Instant.now()))
        .orElseGet(() -> Duration.ofNanos(System.nanoTime() - fallbackNanos));
  }

  /**
   * Vert.x sized for a small always-on agent: two event loops (the exporter runs one HTTP server
   * instance on each), a worker pool of eight. Threads start on first use; each costs stack and
   * malloc arena pages, and the defaults (2 loops per core, 20 workers, 20 internal) buy nothing
   * here.
   */
  static Vertx newVertx() {
    return Vertx.vertx(
        new VertxOptions()
            .setPreferNativeTransport(false)
            .setEventLoopPoolSize(2)
            .setWorkerPoolSize(8)
            .setInternalBlockingPoolSize(4));
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Version.class)
  static final class Cmd<C extends Validatable> implements Callable<Integer> {
    @Option(
        names = {"-c", "--config"},
        description = "YAML configuration file (required)")
    Path config;

    @Option(names = "--check-config", description = "validate the configuration and exit")
    boolean checkOnly;

    @Option(
        names = "--warm-up",
        hidden = true,
        description = "training run for the class-data sharing archive: start, serve, stop")
    boolean warmUpOnly;

    private final String name;
    private final Class<C> type;
    private final BiFunction<Vertx, C, Future<? extends Running>> start;
    private final WarmUp warmUp;

    Cmd(
        String name,
        Class<C> type,
        BiFunction<Vertx, C, Future<? extends Running>> start,
        WarmUp warmUp) {
      this.name = name;
      this.type = type;
      this.start = start;
      this.warmUp = warmUp;
    }

    @Override
    public Integer call() {
      if (warmUpOnly) {
        if (warmUp == null) {
          System.err.println(name + ": has no --warm-up");
          return 2;
        }
        return Training.run(name, type, start, warmUp);
      }
      if (config == null) {
        System.err.println(name + ": --config is required (see --help)");
        return 2;
      }
      C cfg;
      try {
        cfg = YamlConfig.load(config, type);
      } catch (ConfigException e) {
        System.err.println(name + ": " + e.getMessage());
        return 2;
      }
      if (checkOnly) {
        System.out.println(name + ": configuration " + config + " is valid");
        return 0;
      }
      long t0 = System.nanoTime();
      Vertx vertx = newVertx();
      Running running;
      try {
        running = start.apply(vertx, cfg).await(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.error("{} failed to start: {}", name, e.toString());
        vertx.close();
        return 1;
      }
      System.out.printf(
          "%s listening on http://%s (ready in %d ms)%n",
          name, "127.0.0.1:" + running.port(), sinceProcessStart(t0).toMillis());
      System.out.flush();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    // Two steps, each awaited off the event loop: a future chained onto
                    // vertx.close() would complete on an event loop that no longer runs,
                    // and SIGTERM would hang until the timeout.
                    try {
                      running
                          .stop()
                          .toCompletionStage()
                          .toCompletableFuture()
                          .get(8, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      System.err.println(name + ": unclean stop: " + e);
                    }
                    try {
                      vertx
                          .close()
                          .toCompletionStage()
                          .toCompletableFuture()
                          .get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      System.err.println(name + ": Vert.x did not close cleanly: " + e);
                    }
                  },
                  name + "-stop"));
      return -1; // keep running: the Vert.x threads keep the JVM alive
    }
  }

  /** Exits with the command's code unless it asked to keep running. */
  public static void exitIfDone(int code) {
    if (code >= 0) {
      System.exit(code);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Launcher.class.getPackage().getImplementationVersion();
      return new String[] {"botwatch " + (v == null ? "dev" : v)};
    }
  }
}
