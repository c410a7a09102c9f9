package dev.botwatch.responder.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.List;

/**
 * The SMTP server and addresses for email notifications.
 *
 * <pre>{@code
 * email:
 *   host: smtp.example.com
 *   port: 587                      # default: 465 for ssl, 587 for starttls*, 25 for none
 *   security: starttls_required    # none | starttls | starttls_required | ssl
 *   username: ops@example.com
 *   password: {file: /run/secrets/smtp_password}
 *   from: botwatch@example.com
 *   to: [ops@example.com]
 *   # ssl_trust: "*"                 # trust any certificate (a local relay's self-signed one)
 *   # ssl_check_server_identity: false   # and do not match its name against the host
 * }</pre>
 *
 * <p>Jakarta Mail waits forever by default on connect, read and write; all three timeouts are
 * always set here.
 */
public record EmailConfig(
    String host,
    Integer port,
    Security security,
    String username,
    Secret password,
    String from,
    List<String> to,
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    String sslTrust,
    Boolean sslCheckServerIdentity)
    implements Validatable {

  /** How the connection is protected. */
  public enum Security {
    /** Plain SMTP (a local relay or a test mail catcher). */
    @JsonProperty("none")
    NONE,
    /** STARTTLS when the server offers it, plain otherwise. */
    @JsonProperty("starttls")
    STARTTLS,
    /** STARTTLS or fail: the password never crosses the wire in clear. */
    @JsonProperty("starttls_required")
    STARTTLS_REQUIRED,
    /** Implicit TLS from the first byte (usually port 465). */
    @JsonProperty("ssl")
    SSL
  }

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);

  public EmailConfig {
    // Default to the careful choice: a password is never sent without TLS unless asked for.
    security = security == null ? Security.STARTTLS_REQUIRED : security;
    if (port == null) {
      port =
          switch (security) {
            case SSL -> 465;
            case NONE -> 25;
            default -> 587;
          };
    }
    to = to == null ? List.of() : List.copyOf(to);
    connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
    writeTimeout = writeTimeout == null ? DEFAULT_WRITE_TIMEOUT : writeTimeout;
    sslCheckServerIdentity = sslCheckServerIdentity == null || sslCheckServerIdentity;
  }

  @Override
  public void validate(String path, Problems p) {
    p.notBlank(host, path + ".host");
    p.port(port, path + ".port");
    p.require(port != 0, path + ".port", "must not be 0");
    if (password != null) {
      password.validate(path + ".password", p);
      p.require(username != null, path + ".username", "must be set when a password is");
    }
    p.require(username == null || password != null, path + ".password", "must be set");
    checkAddress(from, path + ".from", p);
    p.require(!to.isEmpty(), path + ".to", "must list at least one address");
    for (int i = 0; i < to.size(); i++) {
      checkAddress(to.get(i), path + ".to[" + i + "]", p);
    }
    p.positive(connectTimeout, path + ".connect_timeout");
    p.positive(readTimeout, path + ".read_timeout");
    p.positive(writeTimeout, path + ".write_timeout");
  }

  private static void checkAddress(String address, String path, Problems p) {
    if (address == null || address.isBlank()) {
      p.add(path, "must be set");
      return;
    }
    try {
      new InternetAddress(address, true);
    } catch (AddressException e) {
      p.add(path, "is not an email address: " + e.getMessage());
    }
  }
}
