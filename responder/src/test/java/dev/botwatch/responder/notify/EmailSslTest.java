package dev.botwatch.responder.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.botwatch.common.config.Secret;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.config.EmailConfig;
import dev.botwatch.responder.config.EmailConfig.Security;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Implicit TLS against GreenMail's SMTPS, whose certificate is self-signed and has no SAN. */
class EmailSslTest {
  static final String PASSWORD = "tls-Pa55word-xyz";

  @RegisterExtension
  static GreenMailExtension gm =
      new GreenMailExtension(ServerSetupTest.SMTPS.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("ops@example.test", "ops", PASSWORD));

  @TempDir Path dir;

  EmailConfig config(String sslTrust, Boolean checkIdentity) throws IOException {
    Path pw = Files.writeString(dir.resolve("pw"), PASSWORD);
    return new EmailConfig(
        "127.0.0.1",
        gm.getSmtps().getPort(),
        Security.SSL,
        "ops",
        new Secret(pw.toString(), null),
        "botwatch@example.test",
        List.of("ops@example.test"),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        sslTrust,
        checkIdentity);
  }

  @Test
  void untrustedCertificateIsPermanentAndNothingIsSent() throws IOException {
    Outcome o = new EmailSender(config(null, null)).send(new Notice("s", "b"));

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILURE);
    assertThat(o.retryable()).isFalse();
    assertThat(o.detail()).startsWith("smtp tls failed").contains("PKIX").doesNotContain(PASSWORD);
    assertThat(gm.getReceivedMessages()).isEmpty();
  }

  @Test
  void trustedButMisnamedCertificateIsPermanent() throws IOException {
    Outcome o = new EmailSender(config("*", null)).send(new Notice("s", "b"));

    assertThat(o.retryable()).isFalse();
    assertThat(o.detail()).startsWith("smtp tls failed").doesNotContain(PASSWORD);
  }

  @Test
  void deliversOverTlsWhenTheOperatorTrustsTheRelay() throws Exception {
    Outcome o = new EmailSender(config("*", false)).send(new Notice("over tls", "body"));

    assertThat(o.ok()).as(o.detail()).isTrue();
    assertThat(gm.waitForIncomingEmail(5000, 1)).isTrue();
    assertThat(gm.getReceivedMessages()[0].getSubject()).isEqualTo("over tls");
  }
}
