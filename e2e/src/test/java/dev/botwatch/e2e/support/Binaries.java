package dev.botwatch.e2e.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the Debian binaries the loop needs. A missing one FAILS the test with how to install it:
 * these tests prove the real loop and must never pass by skipping it.
 */
public final class Binaries {
  private Binaries() {}

  public static Path require(String name) {
    return require(name, "prometheus prometheus-alertmanager");
  }

  /** A program from Debian package {@code pkg}; a missing one fails saying how to install it. */
  public static Path require(String name, String pkg) {
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    throw new AssertionError(
        name
            + " not found: install it with `apt-get install -y "
            + pkg
            + "`"
            + " (bin/test does this on a fresh machine)");
  }

  /** The repository root (where the parent pom is). */
  public static Path root() {
    String p = System.getProperty("botwatch.root");
    if (p != null) {
      return Path.of(p);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("e2e"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root");
    }
    return dir;
  }

  /** A program's shaded jar in target/dist, built by the reactor before the e2e tests run. */
  public static Path jar(String artifact) {
    String dist = System.getProperty("botwatch.dist");
    Path jar =
        (dist != null ? Path.of(dist) : root().resolve("target/dist")).resolve(artifact + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: build with `mvn -B verify` from the root");
    }
    return jar;
  }
}
