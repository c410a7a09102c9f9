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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.commons.cli.Option;
import org.slf4j.LoggerFactory;

/**
 * The shared {@code main} of botwatch's programs: parses {@code --config}, loads and validates the
 * YAML (a bad config exits 2 listing every error), starts the program on a fresh Vert.x, prints one
 * {@code <name> listening on http://host:port (ready in N ms)} line that scripts and tests wait for
 * (N counts from the process start, so it includes the JVM's own start and the config), and stops
 * gracefully on SIGTERM. {@code --warm-up} runs the program's {@link WarmUp} instead: the training
 * run that writes its class-data sharing archive.
 */
public final class Launcher {
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
    return main(name, args, configType, start, warmUp, null);
  }

  /**
   * As above; {@code prepare} (may be null) runs on a thread of its own while the command line and
   * the config are read, after logging is set up there: work a start needs that depends on neither,
   * done on the second core instead of after them.
   */
  public static <C extends Validatable> int main(
      String name,
      String[] args,
      Class<C> configType,
      BiFunction<Vertx, C, Future<? extends Running>> start,
      WarmUp warmUp,
      Runnable prepare) {
    Thread early =
        new Thread(
            () -> {
              // The first logger sets logging up (~80 ms on a cold JVM): here, not on the main
              // thread, which meanwhile reads the command line and the config.
              LoggerFactory.getILoggerFactory();
              if (prepare != null) {
                prepare.run();
              }
            },
            name + "-prepare");
    early.setDaemon(true);
    early.start();
    Cli.Parsed p =
        new Cli(name, "Runs " + name + " with the YAML configuration FILE.")
            .option(
                Option.builder("c")
                    .longOpt("config")
                    .hasArg()
                    .argName("FILE")
                    .desc("YAML configuration file (required)")
                    .get())
            .option(
                Option.builder()
                    .longOpt("check-config")
                    .desc("validate the configuration and exit")
                    .get())
            .hidden(
                Option.builder()
                    .longOpt("warm-up")
                    .desc("training run for the class-data sharing archive: start, serve, stop")
                    .get())
            .parse(name, args);
    if (p.done()) {
      return p.exit();
    }
    Cmd<C> cmd = new Cmd<>(name, configType, start, warmUp);
    cmd.config = p.line().hasOption("config") ? Path.of(p.line().getOptionValue("config")) : null;
    cmd.checkOnly = p.line().hasOption("check-config");
    cmd.warmUpOnly = p.line().hasOption("warm-up");
    return cmd.call();
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

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "botwatch-vertx-start");
    t.setDaemon(true);
    t.start();
  }

  /** One run of a program, as its command line asked. */
  static final class Cmd<C extends Validatable> {
    Path config;
    boolean checkOnly;
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

    int call() {
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
      long t0 = System.nanoTime();
      // Vert.x starts on another thread while the config is read; a bad config closes it.
      CompletableFuture<Vertx> starting =
          checkOnly ? null : CompletableFuture.supplyAsync(Launcher::newVertx, Launcher::daemon);
      C cfg;
      try {
        cfg = YamlConfig.load(config, type);
      } catch (ConfigException e) {
        System.err.println(name + ": " + e.getMessage());
        if (starting != null) {
          starting.join().close();
        }
        return 2;
      }
      if (checkOnly) {
        System.out.println(name + ": configuration " + config + " is valid");
        return 0;
      }
      Vertx vertx = starting.join();
      Running running;
      try {
        running = start.apply(vertx, cfg).await(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        LoggerFactory.getLogger(Launcher.class).error("{} failed to start: {}", name, e.toString());
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
}
