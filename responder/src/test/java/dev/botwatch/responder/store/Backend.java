package dev.botwatch.responder.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/**
 * The databases the store's behaviour suite runs on. A test's directory names its store: the same
 * directory opens the same SQLite file, or the same PostgreSQL database of {@link TestPostgres}.
 */
public enum Backend {
  SQLITE {
    @Override
    public SqlStore open(Path dir) {
      return SqlStore.sqlite(dir.resolve("s.db").toString());
    }

    @Override
    public Connection connect(Path dir) throws SQLException {
      return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
    }
  },
  POSTGRESQL {
    @Override
    public SqlStore open(Path dir) {
      // Each open is a new process, as each start of a replica is.
      return SqlStore.postgres(
          TestPostgres.get().dsn(dir.toString()),
          4,
          Duration.ofSeconds(5),
          "test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public Connection connect(Path dir) throws SQLException {
      return TestPostgres.get().connect(dir.toString());
    }
  };

  public abstract SqlStore open(Path dir);

  /** A connection of the test's own to the store's database. */
  public abstract Connection connect(Path dir) throws SQLException;
}
