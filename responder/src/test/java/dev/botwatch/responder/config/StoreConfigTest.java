package dev.botwatch.responder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.common.config.ConfigException;
import dev.botwatch.common.config.YamlConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SQLite by default, PostgreSQL when named, never both; the DSN only ever as a secret. */
class StoreConfigTest {
  static final String BASE = "webhook: {token: {env: T}}\n";

  static StoreConfig parse(String yaml) {
    return YamlConfig.parse(BASE + yaml, ResponderConfig.class, "r.yml", Map.of()).store();
  }

  @Test
  void sqliteIsTheDefault() {
    StoreConfig s = parse("");
    assertThat(s.path()).isEqualTo("responder.db");
    assertThat(s.postgres()).isNull();
    assertThat(s.lease()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void postgresWithItsDefaults() {
    StoreConfig s = parse("store: {postgres: {dsn: {file: /run/secrets/dsn}}, lease: 30s}\n");
    assertThat(s.path()).isNull();
    assertThat(s.postgres().dsn().file()).isEqualTo("/run/secrets/dsn");
    assertThat(s.postgres().poolSize()).isEqualTo(4);
    assertThat(s.postgres().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.lease()).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {path: r.db, postgres: {dsn: {env: D}}}     | store names both path (SQLite) and postgres
          {postgres: {}}                              | store.postgres.dsn is required
          {postgres: {dsn: {env: D}, pool_size: 1}}   | store.postgres.pool_size must be 2 to 64
          {postgres: {dsn: {env: D, file: /f}}}       | store.postgres.dsn must name exactly one
          {postgres: {dsn: {env: D}}, lease: 1s}      | store.lease must be at least 3s
          {path: ''}                                  | store.path
          """)
  void refused(String store, String error) {
    assertThatThrownBy(() -> parse("store: " + store + "\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(error);
  }

  @Test
  void aLiteralDsnIsRefused() {
    // A URI with its password in the config file would end up in backups and diffs.
    assertThatThrownBy(() -> parse("store: {postgres: {dsn: 'postgresql://u:pw@h/db'}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store.postgres.dsn must be {file: /path} or {env: VARIABLE}")
        .hasMessageNotContaining("pw@");
  }
}
