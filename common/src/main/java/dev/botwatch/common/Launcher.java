package dev.botwatch.common;

import dev.botwatch.common.config.ConfigException;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.common.config.YamlConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code <name> listening on http://host:port} line that scripts and tests wait for, and stops
 * gracefully on SIGTERM.
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
    return new CommandLine(new Cmd<>(name, configType, start)).execute(args);
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Version.class)
  static final class Cmd<C extends Validatable> implements Callable<Integer> {
    @Option(
        names = {"-c", "--config"},
        required = true,
        description = "YAML configuration file")
    Path config;

    @Option(names = "--check-config", description = "validate the configuration and exit")
    boolean checkOnly;

    private final String name;
    private final Class<C> type;
    private final BiFunction<Vertx, C, Future<? extends Running>> start;

    Cmd(String name, Class<C> type, BiFunction<Vertx, C, Future<? extends Running>> start) {
      this.name = name;
      this.type = type;
      this.start = start;
    }

    @Override
    public Integer call() {
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
      Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
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
          name, "127.0.0.1:" + running.port(), Duration.ofNanos(System.nanoTime() - t0).toMillis());
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
