package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import java.time.Duration;

/**
 * Where the audit store lives: one SQLite file ({@code path}, the default, WAL) or a PostgreSQL
 * database that several responder replicas share ({@code postgres}); never both. {@code lease}: how
 * long a replica that stopped renewing its claim on running actions keeps it before another replica
 * records them interrupted.
 */
public record StoreConfig(String path, PostgresConfig postgres, Duration lease)
    implements Validatable {
  public static final String DEFAULT_PATH = "responder.db";

  public StoreConfig {
    lease = lease == null ? Duration.ofSeconds(15) : lease;
  }

  /** The SQLite file, {@value #DEFAULT_PATH} when neither is given; null with PostgreSQL. */
  @Override
  public String path() {
    return postgres != null ? path : path == null ? DEFAULT_PATH : path;
  }

  @Override
  public void validate(String p, Problems problems) {
    if (postgres != null) {
      problems.require(
          this.path == null,
          p,
          "names both path (SQLite) and postgres (PostgreSQL): give one; to move an SQLite"
              + " audit trail into PostgreSQL use the copy-store command");
      postgres.validate(p + ".postgres", problems);
    } else {
      problems.notBlank(path(), p + ".path");
    }
    problems.positive(lease, p + ".lease");
    problems.require(
        lease.compareTo(Duration.ofSeconds(3)) >= 0,
        p + ".lease",
        "must be at least 3s (it is renewed every third of it)");
  }

  /**
   * A PostgreSQL database: {@code dsn} is a secret holding {@code
   * postgresql://user:password@host:port/database}; {@code pool_size} connections at most; {@code
   * connect_timeout} for each new connection.
   */
  public record PostgresConfig(Secret dsn, Integer poolSize, Duration connectTimeout)
      implements Validatable {
    public PostgresConfig {
      poolSize = poolSize == null ? 4 : poolSize;
      connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    }

    @Override
    public void validate(String p, Problems problems) {
      if (dsn == null) {
        problems.add(p + ".dsn", "is required: {file: /path/to/dsn} or {env: VARIABLE}");
      } else {
        dsn.validate(p + ".dsn", problems);
      }
      problems.require(
          poolSize >= 2 && poolSize <= 64,
          p + ".pool_size",
          "must be 2 to 64 (one writer connection, the rest for reads)");
      problems.positive(connectTimeout, p + ".connect_timeout");
    }
  }
}
