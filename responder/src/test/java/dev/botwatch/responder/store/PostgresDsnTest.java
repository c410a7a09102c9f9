package dev.botwatch.responder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The URI becomes a JDBC URL plus credentials; no error ever repeats the password. */
class PostgresDsnTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          postgresql://bw:s3cr%40t@127.0.0.1:9354/botwatch | jdbc:postgresql://127.0.0.1:9354/botwatch | bw | s3cr@t
          postgres://bw:p+w@db.example.net/bw?sslmode=require | jdbc:postgresql://db.example.net:5432/bw?sslmode=require | bw | p+w
          """)
  void parses(String dsn, String url, String user, String password) {
    PostgresDsn d = PostgresDsn.parse(dsn);
    assertThat(d.jdbcUrl()).isEqualTo(url);
    assertThat(d.user()).isEqualTo(user);
    assertThat(d.password()).isEqualTo(password);
    assertThat(d.toString()).doesNotContain(password);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mysql://u:SECRETPW@h/db",
        "postgresql://u:SECRETPW@/db",
        "postgresql://u:SECRETPW@h/",
        "postgresql://:SECRETPW@h/db",
        "postgresql://u:SECRETPW%zz@h/db",
        "postgresql://u:SECRETPW@h:bad port/db"
      })
  void refusesWithoutTheValue(String dsn) {
    assertThatThrownBy(() -> PostgresDsn.parse(dsn))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("store.postgres.dsn")
        .hasMessageNotContaining("SECRETPW");
  }

  @ParameterizedTest
  @ValueSource(strings = {"wrong-password"})
  void aRefusedLoginNamesTheDatabaseNotThePassword(String bad) {
    String dsn = TestPostgres.get().dsn("dsn-test").replaceFirst(":[0-9a-f]{32}@", ":" + bad + "@");
    assertThatThrownBy(() -> SqlStore.postgres(dsn, 2, Duration.ofSeconds(2), "t"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("127.0.0.1")
        .hasMessageNotContaining(bad);
  }
}
