package dev.botwatch.responder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.common.config.ConfigException;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.YamlConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The config records load from snake_case YAML with their defaults, and name every error. */
class NotifyConfigTest {

  @Test
  void emailDefaults() {
    EmailConfig c =
        YamlConfig.parse(
            "host: smtp.example.com\nfrom: bw@example.com\nto: [ops@example.com]\n",
            EmailConfig.class,
            "t");

    assertThat(c.security()).isEqualTo(EmailConfig.Security.STARTTLS_REQUIRED);
    assertThat(c.port()).isEqualTo(587);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.username()).isNull();
    assertThat(c.sslTrust()).isNull();
    assertThat(c.sslCheckServerIdentity()).isTrue();
  }

  @ParameterizedTest(name = "security {0} -> port {1}")
  @CsvSource({"none, 25", "starttls, 587", "starttls_required, 587", "ssl, 465"})
  void emailSecurityAndDefaultPort(String security, int port) {
    EmailConfig c =
        YamlConfig.parse(
            "host: h\nsecurity: " + security + "\nfrom: a@b.c\nto: [d@e.f]\n",
            EmailConfig.class,
            "t");

    assertThat(c.port()).isEqualTo(port);
    assertThat(c.security().name()).isEqualToIgnoringCase(security);
  }

  @Test
  void emailFull() {
    EmailConfig c =
        YamlConfig.parse(
            """
            host: 127.0.0.1
            port: 9325
            security: none
            username: ops
            password: {env: SMTP_PASSWORD}
            from: botwatch@example.test
            to: [ops@example.test, oncall@example.test]
            connect_timeout: 2s
            read_timeout: 3s
            write_timeout: 4s
            ssl_trust: "*"
            ssl_check_server_identity: false
            """,
            EmailConfig.class,
            "t");

    assertThat(c.password()).isEqualTo(new Secret(null, "SMTP_PASSWORD"));
    assertThat(c.to()).containsExactly("ops@example.test", "oncall@example.test");
    assertThat(List.of(c.connectTimeout(), c.readTimeout(), c.writeTimeout()))
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4));
    assertThat(c.sslTrust()).isEqualTo("*");
    assertThat(c.sslCheckServerIdentity()).isFalse();
  }

  @Test
  void emailErrorsNameTheirPaths() {
    assertThatThrownBy(
            () ->
                YamlConfig.parse(
                    """
                    port: 70000
                    username: ops
                    from: "not an address@@"
                    to: ["ok@example.com", ""]
                    read_timeout: 0s
                    """,
                    EmailConfig.class,
                    "t"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.errors())
                  .hasSize(6)
                  .contains(
                      "t: .host must be set",
                      "t: .port must be a port number (0-65535)",
                      "t: .password must be set",
                      "t: .to[1] must be set",
                      "t: .read_timeout must be > 0");
              assertThat(e.errors())
                  .anyMatch(s -> s.startsWith("t: .from is not an email address"));
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "security: tls|security",
        "passwd: x|passwd",
        "timeout: 5s|timeout",
      })
  void emailRejectsUnknownKeysAndValues(String line, String mentioned) {
    assertThatThrownBy(
            () ->
                YamlConfig.parse(
                    "host: h\nfrom: a@b.c\nto: [d@e.f]\n" + line + "\n", EmailConfig.class, "t"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(mentioned);
  }

  @Test
  void chatDefaultsAndFormats() {
    ChatWebhookConfig slack =
        YamlConfig.parse("url: {file: /run/secrets/slack}\n", ChatWebhookConfig.class, "t");
    ChatWebhookConfig discord =
        YamlConfig.parse(
            "url: {env: DISCORD_URL}\nformat: discord\ntimeout: 3s\n",
            ChatWebhookConfig.class,
            "t");

    assertThat(slack.format()).isEqualTo(ChatWebhookConfig.Format.SLACK);
    assertThat(slack.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(discord.format()).isEqualTo(ChatWebhookConfig.Format.DISCORD);
    assertThat(discord.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(discord.toString()).doesNotContain("http");
  }

  @Test
  void chatUrlMustBeASecretNotAPlainString() {
    // A plain URL in the config file would put the token in a file people share and commit.
    assertThatThrownBy(
            () ->
                YamlConfig.parse(
                    "url: https://hooks.slack.com/services/T/B/tok\n",
                    ChatWebhookConfig.class,
                    "t"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("url");
    assertThatThrownBy(() -> YamlConfig.parse("format: slack\n", ChatWebhookConfig.class, "t"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.errors()).containsExactly("t: .url must be set"));
  }

  @Test
  void commandFullAndDefaults() {
    CommandConfig c =
        YamlConfig.parse(
            """
            argv: [systemctl, restart, "bot-{{bot}}"]
            working_dir: /srv
            env: {LANG: C.UTF-8}
            secret_env: {TOKEN: {file: /run/secrets/t}}
            retry_on_exit_codes: [75]
            """,
            CommandConfig.class,
            "t");

    assertThat(c.argv()).containsExactly("systemctl", "restart", "bot-{{bot}}");
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.env()).isEqualTo(Map.of("LANG", "C.UTF-8"));
    assertThat(c.secretEnv()).isEqualTo(Map.of("TOKEN", new Secret("/run/secrets/t", null)));
    assertThat(c.retryOnExitCodes()).isEqualTo(Set.of(75));
  }

  @Test
  void commandErrors() {
    assertThatThrownBy(
            () ->
                YamlConfig.parse(
                    """
                    argv: []
                    timeout: 0s
                    env: {T: x}
                    secret_env: {T: {file: /a, env: B}}
                    retry_on_exit_codes: [0, 300]
                    """,
                    CommandConfig.class,
                    "t"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactlyInAnyOrder(
                        "t: .argv must list the program and its arguments",
                        "t: .timeout must be > 0",
                        "t: .secret_env.T must name exactly one of 'file' or 'env'",
                        "t: .secret_env.T is also set in env",
                        "t: .retry_on_exit_codes must be within 1-255",
                        "t: .retry_on_exit_codes must be within 1-255"));
  }

  @Test
  void restoreFileDefaultsAndErrors() {
    RestoreFileConfig c =
        YamlConfig.parse("path: /a/c.json\nknown_good: /g/c.json\n", RestoreFileConfig.class, "t");
    assertThat(c.validate()).isEqualTo(RestoreFileConfig.Format.NONE);
    assertThat(c.backupDir()).isNull();
    assertThat(
            YamlConfig.parse(
                    "path: /a\nknown_good: /b\nvalidate: yaml\nbackup_dir: /bk\n",
                    RestoreFileConfig.class,
                    "t")
                .validate())
        .isEqualTo(RestoreFileConfig.Format.YAML);

    assertThatThrownBy(
            () -> YamlConfig.parse("path: /a\nknown_good: /a\n", RestoreFileConfig.class, "t"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.errors()).containsExactly("t: .known_good must differ from path"));
    assertThatThrownBy(
            () -> YamlConfig.parse("path: /a\nvalidate: xml\n", RestoreFileConfig.class, "t"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("validate");
  }
}
