package dev.botwatch.responder.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One throwaway PostgreSQL 15 cluster (Debian's {@code postgresql} package) for a whole test JVM:
 * initdb into a temporary directory, listening on 127.0.0.1 at a free port, its socket in that
 * directory, fsync off (nothing here must survive a power cut); a password is required over TCP, so
 * the DSN's credentials are really used. Under root it runs as the package's {@code postgres} user,
 * as {@code bin/scale.sh} does. Stopped by PID (fast shutdown) when the JVM exits. Missing binaries
 * fail the test: {@code bin/test} installs the package.
 */
public final class TestPostgres {
  private static final Path BIN =
      Path.of(System.getenv().getOrDefault("BOTWATCH_PG_BIN", "/usr/lib/postgresql/15/bin"));
  private static TestPostgres shared;

  private final Path dir;
  private final int port;
  private final String password = UUID.randomUUID().toString().replace("-", "");
  private final long pid;
  private final Map<String, String> databases = new ConcurrentHashMap<>();

  /** The cluster of this JVM, started on first use. */
  public static synchronized TestPostgres get() {
    if (shared == null) {
      shared = new TestPostgres();
      TestPostgres s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "test-postgres-stop"));
    }
    return shared;
  }

  private TestPostgres() {
    if (!Files.isExecutable(BIN.resolve("initdb")) || !Files.isExecutable(BIN.resolve("pg_ctl"))) {
      throw new IllegalStateException(
          "PostgreSQL 15 is not installed at "
              + BIN
              + ": apt-get install postgresql (bin/test installs it)");
    }
    try {
      dir = Files.createTempDirectory("botwatch-pg");
      port = freePort();
      Path pw = dir.resolve("pw");
      Files.writeString(pw, password);
      if (root()) {
        run(List.of("chown", "-R", "postgres:", dir.toString()));
      }
      Path data = dir.resolve("data");
      runAs(
          List.of(
              BIN.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              "postgres",
              "--pwfile=" + pw,
              "--auth-local=trust",
              "--auth-host=scram-sha-256",
              "-E",
              "UTF8",
              "--locale=C.UTF-8",
              "--no-sync"));
      runAs(
          List.of(
              BIN.resolve("pg_ctl").toString(),
              "-D",
              data.toString(),
              "-l",
              dir.resolve("postgres.log").toString(),
              "-w",
              "-t",
              "60",
              "-o",
              "-c listen_addresses=127.0.0.1 -p "
                  + port
                  + " -c unix_socket_directories="
                  + dir
                  + " -c fsync=off -c full_page_writes=off -c max_connections=200",
              "start"));
      pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the test PostgreSQL: " + e, e);
    }
  }

  /**
   * A DSN for a database of its own per {@code key}, created on first use: a test reopens the same
   * store by passing the same key.
   */
  public String dsn(String key) {
    String db = databases.computeIfAbsent(key, k -> create());
    return "postgresql://postgres:" + password + "@127.0.0.1:" + port + "/" + db;
  }

  /** A JDBC connection to the database of {@code key}, for a test's own checks. */
  public Connection connect(String key) throws SQLException {
    String db = databases.computeIfAbsent(key, k -> create());
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + db, "postgres", password);
  }

  public int port() {
    return port;
  }

  private String create() {
    String db = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
      return db;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database", e);
    }
  }

  private void stop() {
    ProcessHandle.of(pid)
        .ifPresent(
            p -> {
              try {
                // SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for every client).
                run(List.of("kill", "-INT", Long.toString(pid)));
                p.onExit().get(20, TimeUnit.SECONDS);
              } catch (Exception e) {
                p.destroyForcibly();
              }
            });
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; nothing else to do at exit
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private void runAs(List<String> argv) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (root()) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(argv);
    run(cmd);
  }

  private void run(List<String> cmd) throws IOException {
    Path out = Files.createTempFile("botwatch-pg", ".log");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(cmd.get(0) + " did not finish in 120 s");
      }
      if (p.exitValue() != 0) {
        String log = Files.readString(out);
        Path server = dir == null ? null : dir.resolve("postgres.log");
        if (server != null && Files.exists(server)) {
          log += Files.readString(server);
        }
        throw new IOException(String.join(" ", cmd) + " failed: " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
