package dev.botwatch.common;

import dev.botwatch.common.config.Validatable;
import dev.botwatch.common.config.YamlConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * {@code --warm-up}: starts the program on its {@link WarmUp} config in a temporary directory,
 * waits for {@code /-/ready}, sends the warm-up requests, stops, removes the directory. Exit 0 when
 * every request got a 2xx, else 1 with the reason: a package step that builds the archive then
 * fails loudly instead of shipping a program that cannot answer.
 */
final class Training {
  private Training() {}

  static <C extends Validatable> int run(
      String name,
      Class<C> type,
      BiFunction<Vertx, C, Future<? extends Launcher.Running>> start,
      WarmUp warmUp) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("botwatch-warm-up-");
      Path file = dir.resolve("config.yml");
      Files.writeString(file, warmUp.config(dir));
      C cfg = YamlConfig.load(file, type);
      Vertx vertx = Launcher.newVertx();
      try {
        Launcher.Running running = start.apply(vertx, cfg).await(60, TimeUnit.SECONDS);
        try {
          WarmUp.awaitReady(running.port(), Duration.ofSeconds(30));
          for (WarmUp.Request r : warmUp.requests()) {
            int status = WarmUp.send(running.port(), r);
            if (status / 100 != 2) {
              throw new IOException(r.method() + " " + r.path() + " answered " + status);
            }
          }
        } finally {
          running.stop().await(10, TimeUnit.SECONDS);
        }
      } finally {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
      System.out.println(name + ": warm-up done");
      return 0;
    } catch (Exception e) {
      System.err.println(name + ": warm-up failed: " + e);
      return 1;
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
