package dev.botwatch.responder.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.botwatch.common.config.Secret;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.action.message.EmailAction;
import dev.botwatch.responder.config.EmailConfig;
import dev.botwatch.responder.config.EmailConfig.Security;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EmailSenderTest {
  static final String PASSWORD = "s3cret-Smtp-Pa55";

  @RegisterExtension
  static GreenMailExtension gm =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("ops@example.test", "ops", PASSWORD));

  @TempDir Path dir;
  Secret goodPassword;
  Secret wrongPassword;

  @BeforeEach
  void secrets() throws IOException {
    goodPassword =
        new Secret(Files.writeString(dir.resolve("pw"), PASSWORD + "\n").toString(), null);
    wrongPassword =
        new Secret(Files.writeString(dir.resolve("bad"), "not-" + PASSWORD).toString(), null);
  }

  EmailConfig config(int port, Secret password, Duration timeout) {
    return new EmailConfig(
        "127.0.0.1",
        port,
        Security.NONE,
        "ops",
        password,
        "botwatch@example.test",
        List.of("ops@example.test", "oncall@example.test"),
        timeout,
        timeout,
        timeout,
        null,
        null);
  }

  int smtpPort() {
    return gm.getSmtp().getPort();
  }

  @Test
  void deliversWithAuthentication() throws Exception {
    EmailSender sender = new EmailSender(config(smtpPort(), goodPassword, Duration.ofSeconds(5)));

    Outcome o = sender.send(new Notice("BotDown on paper", "line one\nline two ü"));

    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCESS);
    assertThat(o.detail()).isEqualTo("sent to 2 recipient(s) via 127.0.0.1");
    assertThat(gm.waitForIncomingEmail(5000, 2)).isTrue();
    MimeMessage m = gm.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("BotDown on paper");
    assertThat(GreenMailUtil.getBody(m)).contains("line one");
    // SMTP carries CRLF line ends; the text itself arrives intact (UTF-8 included).
    assertThat(m.getContent().toString().replace("\r\n", "\n")).isEqualTo("line one\nline two ü");
    assertThat(m.getFrom()).containsExactly(new InternetAddress("botwatch@example.test"));
    assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat(List.of(gm.getReceivedMessages()))
        .flatExtracting(msg -> List.of(msg.getAllRecipients()))
        .extracting(Object::toString)
        .contains("ops@example.test", "oncall@example.test");
  }

  @Test
  void wrongPasswordIsPermanentAndNotInTheDetail() {
    EmailSender sender = new EmailSender(config(smtpPort(), wrongPassword, Duration.ofSeconds(5)));

    Outcome o = sender.send(new Notice("s", "b"));

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).isFalse();
    assertThat(o.detail()).startsWith("smtp login rejected").contains("535");
    assertThat(o.detail()).doesNotContain(PASSWORD);
    assertThat(gm.getReceivedMessages()).isEmpty();
  }

  @Test
  void smtpDownIsRetryable() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    EmailSender sender = new EmailSender(config(closed, goodPassword, Duration.ofSeconds(2)));

    Outcome o = sender.send(new Notice("s", "b"));

    assertThat(o.retryable()).as(o.detail()).isTrue();
    assertThat(o.detail()).startsWith("smtp server unreachable").doesNotContain(PASSWORD);
  }

  @Test
  void silentServerTimesOutWithinTheReadTimeoutAndIsRetryable() throws IOException {
    // Accepts TCP (the kernel completes the handshake into the backlog) but never says 220.
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      EmailSender sender =
          new EmailSender(config(silent.getLocalPort(), goodPassword, Duration.ofMillis(300)));
      long t0 = System.nanoTime();

      Outcome o = sender.send(new Notice("s", "b"));

      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(o.retryable()).as(o.detail()).isTrue();
      assertThat(o.detail()).containsIgnoringCase("timed out").doesNotContain(PASSWORD);
      assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
    }
  }

  @Test
  void starttlsRequiredAgainstPlainServerIsPermanent() {
    // GreenMail's plain SMTP does not offer STARTTLS: starttls_required must never send the
    // password.
    EmailConfig c = config(smtpPort(), goodPassword, Duration.ofSeconds(5));
    EmailConfig required =
        new EmailConfig(
            c.host(),
            c.port(),
            Security.STARTTLS_REQUIRED,
            c.username(),
            c.password(),
            c.from(),
            c.to(),
            c.connectTimeout(),
            c.readTimeout(),
            c.writeTimeout(),
            null,
            null);

    Outcome o = new EmailSender(required).send(new Notice("s", "b"));

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).isFalse();
    assertThat(o.detail()).contains("STARTTLS").doesNotContain(PASSWORD);
    assertThat(gm.getReceivedMessages()).isEmpty();
  }

  @Test
  void invalidRecipientIsPermanent() {
    EmailConfig c = config(smtpPort(), goodPassword, Duration.ofSeconds(5));
    EmailConfig bad =
        new EmailConfig(
            c.host(),
            c.port(),
            c.security(),
            c.username(),
            c.password(),
            c.from(),
            List.of("not an address@@"),
            c.connectTimeout(),
            c.readTimeout(),
            c.writeTimeout(),
            null,
            null);

    Outcome o = new EmailSender(bad).send(new Notice("s", "b"));

    assertThat(o.retryable()).isFalse();
    assertThat(o.detail()).startsWith("invalid address");
  }

  @Test
  void unreadablePasswordSecretIsPermanentAndNamesOnlyTheFile() {
    Secret missing = new Secret(dir.resolve("nope").toString(), null);
    Outcome o =
        new EmailSender(config(smtpPort(), missing, Duration.ofSeconds(5)))
            .send(new Notice("s", "b"));

    assertThat(o.retryable()).isFalse();
    assertThat(o.detail()).startsWith("smtp password unavailable").contains("nope");
  }

  @Test
  void noSecretInJakartaMailsOwnLogsEvenAtFinest() {
    // Angus traces the SMTP dialogue to java.util.logging at FINEST; AUTH carries the password
    // base64-encoded, so look for every form of it.
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            lines.add(r.getLoggerName() + " " + new SimpleFormatter().formatMessage(r));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    capture.setLevel(Level.ALL);
    Logger angus = Logger.getLogger("org.eclipse.angus.mail");
    Level before = angus.getLevel();
    angus.setLevel(Level.ALL);
    angus.addHandler(capture);
    try {
      new EmailSender(config(smtpPort(), goodPassword, Duration.ofSeconds(5)))
          .send(new Notice("s", "b"));
      new EmailSender(config(smtpPort(), wrongPassword, Duration.ofSeconds(5)))
          .send(new Notice("s", "b"));
    } finally {
      angus.removeHandler(capture);
      angus.setLevel(before);
    }

    assertThat(lines).as("the SMTP dialogue was traced").anyMatch(l -> l.contains("EHLO"));
    Base64.Encoder b64 = Base64.getEncoder();
    for (String secret : List.of(PASSWORD, "not-" + PASSWORD)) {
      List<String> forms =
          List.of(
              secret,
              b64.encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
              b64.encodeToString(("\0ops\0" + secret).getBytes(StandardCharsets.UTF_8)));
      for (String form : forms) {
        assertThat(lines).noneMatch(l -> l.contains(form));
      }
    }
  }

  static List<Object[]> failures() throws Exception {
    InternetAddress rcpt = new InternetAddress("ops@example.test");
    return List.of(
        new Object[] {new AuthenticationFailedException("535 5.7.8 bad " + PASSWORD), false},
        new Object[] {
          chain(new SMTPAddressFailedException(rcpt, "RCPT", 550, "no such user")), false
        },
        new Object[] {chain(new SMTPAddressFailedException(rcpt, "RCPT", 450, "greylisted")), true},
        new Object[] {
          new SMTPSendFailedException("DATA", 451, "try later", null, null, null, null), true
        },
        new Object[] {
          new SMTPSendFailedException("DATA", 554, "rejected", null, null, null, null), false
        },
        new Object[] {
          new MessagingException("i/o", new SocketTimeoutException("Read timed out")), true
        },
        new Object[] {new MessagingException("i/o", new IOException("Connection reset")), true},
        new Object[] {
          new MessagingException("tls", new javax.net.ssl.SSLHandshakeException("PKIX")), false
        },
        new Object[] {new MessagingException("STARTTLS is required"), false},
        new Object[] {new IllegalStateException("boom"), false});
  }

  static SendFailedException chain(SMTPAddressFailedException e) {
    return new SendFailedException("Invalid Addresses", e);
  }

  @ParameterizedTest
  @MethodSource("failures")
  void classifiesFailures(Exception e, boolean retryable) {
    Outcome o = EmailSender.classify(e, PASSWORD);

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).as(o.detail()).isEqualTo(retryable);
    assertThat(o.detail()).doesNotContain(PASSWORD);
  }

  @Test
  void emailActionRendersTemplatesAndNeverShowsThePassword() throws Exception {
    EmailSender sender = new EmailSender(config(smtpPort(), goodPassword, Duration.ofSeconds(5)));
    EmailAction action =
        new EmailAction(sender, "{{alertname}} on {{bot}}", "severity {{severity}} for {{bot}}");
    ActionContext ctx =
        new ActionContext(
            "paper",
            Map.of("alertname", "BotDown", "severity", "critical"),
            Map.of("summary", "down"),
            Instant.now().plusSeconds(30));

    assertThat(action.kind()).isEqualTo("email");
    assertThat(action.target()).isEqualTo("smtp:127.0.0.1:" + smtpPort());
    assertThat(action.describe(ctx))
        .isEqualTo(
            "email 'BotDown on paper' to ops@example.test, oncall@example.test via 127.0.0.1:"
                + smtpPort()
                + " (none)");
    Outcome o = action.attempt(ctx);

    assertThat(o.ok()).as(o.detail()).isTrue();
    assertThat(gm.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage m = gm.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("BotDown on paper");
    assertThat(m.getContent().toString()).isEqualTo("severity critical for paper");
    for (String s : List.of(action.describe(ctx), action.target(), sender.config().toString())) {
      assertThat(s).doesNotContain(PASSWORD);
    }
  }

  @Test
  void emailActionWithoutTemplatesSendsTheAlert() throws Exception {
    EmailSender sender = new EmailSender(config(smtpPort(), goodPassword, Duration.ofSeconds(5)));
    ActionContext ctx =
        new ActionContext(
            "paper",
            Map.of("alertname", "BotDown", "severity", "critical"),
            Map.of("summary", "paper is down"),
            Instant.now().plusSeconds(30));

    assertThat(new EmailAction(sender, null, null).attempt(ctx).ok()).isTrue();

    assertThat(gm.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage m = gm.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("[botwatch] critical: BotDown on paper");
    assertThat(m.getContent().toString()).contains("Summary:     paper is down");
  }

  @Test
  void aSubjectWithLineBreaksStaysOneHeaderLine() throws Exception {
    EmailSender sender = new EmailSender(config(smtpPort(), goodPassword, Duration.ofSeconds(5)));

    Outcome o = sender.send(new Notice("BotDown\r\nBcc: evil@example.test\nX-Evil: 1", "body"));

    assertThat(o.ok()).as(o.detail()).isTrue();
    assertThat(gm.waitForIncomingEmail(5000, 2)).isTrue();
    for (MimeMessage m : gm.getReceivedMessages()) {
      assertThat(m.getSubject()).isEqualTo("BotDown  Bcc: evil@example.test X-Evil: 1");
      assertThat(m.getHeader("Bcc")).isNull();
      assertThat(m.getHeader("X-Evil")).isNull();
    }
    assertThat(gm.getReceivedMessages()).hasSize(2); // the two configured recipients only
  }
}
