package dev.botwatch.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.e2e.support.Binaries;
import dev.botwatch.e2e.support.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/scale.sh's {@code postgres_start} / {@code postgres_stop} on Debian's PostgreSQL 15: a
 * database of our own under the run dir on a loopback port, reachable with the generated connection
 * URI and no other password, stopped by PID, and the same data after a restart.
 */
class PostgresScriptIT {
  @TempDir Path tmp;

  @Test
  void startsOnLoopbackWithItsOwnDataDirectoryAndStopsByPid() throws IOException {
    // Under root PostgreSQL runs as the `postgres` user, which must reach the run dir.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path run = tmp.resolve("run");
    int port = Ports.free();
    Map<String, String> env =
        Map.of("BOTWATCH_RUN_DIR", run.toString(), "BOTWATCH_POSTGRES_PORT", "" + port);
    try {
      script(env, "postgres_start");
      String dsn = Files.readString(run.resolve("secrets/postgres_dsn")).strip();
      assertThat(dsn)
          .matches("postgresql://botwatch:[A-Za-z0-9]{20,}@127\\.0\\.0\\.1:" + port + "/botwatch");
      assertThat(Files.readString(run.resolve("secrets/postgres_password")).strip())
          .isEqualTo(dsn.replaceAll(".*botwatch:([^@]+)@.*", "$1"));
      assertThat(run.resolve("postgres/data/PG_VERSION")).hasContent("15");

      assertThat(psql(env, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(psql(env, "SELECT current_user || '@' || current_database()"))
          .isEqualTo("botwatch@botwatch");
      psql(
          env,
          "CREATE TABLE audit (id int PRIMARY KEY, what text); INSERT INTO audit VALUES (1, 'kept')");
      Tool.Result wrong =
          bash(
              env,
              "psql -X -At -d \"${DSN_WRONG}\" -c 'SELECT 1'",
              "DSN_WRONG",
              dsn.replaceAll("botwatch:[^@]+@", "botwatch:wrong@"));
      assertThat(wrong.exit()).as("a wrong password is refused").isNotZero();
      assertThat(wrong.output()).contains("password authentication failed");

      long pid = Long.parseLong(Files.readString(run.resolve("postgres.pid")).strip());
      script(env, "postgres_stop");
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(listening(port)).isFalse();
      assertThat(run.resolve("postgres.pid")).doesNotExist();

      script(env, "postgres_start");
      assertThat(psql(env, "SELECT what FROM audit WHERE id = 1")).isEqualTo("kept");
    } finally {
      script(env, "postgres_stop");
    }
    assertThat(listening(port)).isFalse();
  }

  private static void script(Map<String, String> env, String function) {
    Tool.Result r = bash(env, function, "UNUSED", "");
    assertThat(r.exit()).as(function + ":\n" + r.output()).isZero();
  }

  /** One SQL command through the generated URI; its unaligned output. */
  private static String psql(Map<String, String> env, String sql) {
    Tool.Result r =
        bash(
            env,
            "psql -X -At -v ON_ERROR_STOP=1 -d \"$(cat \"$BOTWATCH_RUN_DIR/secrets/postgres_dsn\")\" -c \"$SQL\"",
            "SQL",
            sql);
    assertThat(r.exit()).as(sql + ":\n" + r.output()).isZero();
    return r.output().strip();
  }

  private static Tool.Result bash(
      Map<String, String> env, String command, String var, String value) {
    Path root = Binaries.root();
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put(var, value);
    return Tool.run(
        root,
        all,
        List.of(
            Tool.require("bash", "bash").toString(),
            "-c",
            "set -euo pipefail; . bin/lib.sh; . bin/scale.sh; " + command));
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
