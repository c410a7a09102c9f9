package dev.botwatch.responder.notify;

import dev.botwatch.responder.action.Deadlines;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.action.Redact;
import dev.botwatch.responder.config.EmailConfig;
import dev.botwatch.responder.template.TextTemplate;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Sends one email in one attempt and says, like an Alertmanager notifier, whether a failure is
 * worth retrying: a refused connection, a timeout or a 4xx reply is; a rejected login, a rejected
 * address or a 5xx reply is not. Blocks for at most about connect + read/write timeouts; run it on
 * a worker thread.
 *
 * <pre>{@code
 * EmailSender mail = new EmailSender(config.email());
 * Outcome o = mail.send(Messages.watchdogMissing(lastSeen, missingAfter, now));
 * }</pre>
 *
 * <p>The password is read from its {@link dev.botwatch.common.config.Secret} at each attempt (so a
 * rotated file is picked up) and is redacted from every detail this class returns.
 */
public final class EmailSender {
  private final EmailConfig config;

  public EmailSender(EmailConfig config) {
    this.config = config;
  }

  public EmailConfig config() {
    return config;
  }

  /** {@code smtp:host:port}: what fails together, for the executor's circuit breaker. */
  public String target() {
    return "smtp:" + config.host() + ":" + config.port();
  }

  /** Says what {@link #send} would do; no secrets. */
  public String describe(Notice notice) {
    return "email '"
        + notice.subject()
        + "' to "
        + String.join(", ", config.to())
        + " via "
        + config.host()
        + ":"
        + config.port()
        + " ("
        + config.security().name().toLowerCase()
        + ")";
  }

  public Outcome send(Notice notice) {
    return send(notice, null);
  }

  /** As {@link #send(Notice)}, each timeout cut to what is left until {@code deadline}. */
  public Outcome send(Notice notice, Instant deadline) {
    String password = null;
    try {
      if (config.password() != null) {
        password = config.password().resolve();
      }
    } catch (IllegalStateException e) {
      // Secret's messages name the file or variable, never the value.
      return Outcome.permanent("smtp password unavailable: " + e.getMessage());
    }
    Session session = Session.getInstance(properties(deadline, Instant.now()));
    try {
      MimeMessage msg = new MimeMessage(session);
      msg.setFrom(new InternetAddress(config.from(), true));
      msg.setRecipients(Message.RecipientType.TO, recipients());
      // A subject may carry label values (an alertname): one line, so it can add no header.
      msg.setSubject(TextTemplate.oneLine(notice.subject()), "UTF-8");
      msg.setText(notice.body(), "UTF-8");
      msg.setSentDate(new Date());
      // RFC 3834: tells auto-responders not to answer an automated message.
      msg.setHeader("Auto-Submitted", "auto-generated");
      try (Transport transport = session.getTransport("smtp")) {
        transport.connect(config.host(), config.port(), config.username(), password);
        transport.sendMessage(msg, msg.getAllRecipients());
      }
      return Outcome.success(
          "sent to " + config.to().size() + " recipient(s) via " + config.host());
    } catch (Exception e) {
      return classify(e, password);
    }
  }

  private InternetAddress[] recipients() throws AddressException {
    InternetAddress[] out = new InternetAddress[config.to().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new InternetAddress(config.to().get(i), true);
    }
    return out;
  }

  Properties properties(Instant deadline, Instant now) {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", config.host());
    p.setProperty("mail.smtp.port", String.valueOf(config.port()));
    p.setProperty("mail.smtp.from", config.from());
    p.setProperty("mail.smtp.auth", String.valueOf(config.username() != null));
    // Jakarta Mail's defaults are infinite: a silent server would hang the worker for good.
    p.setProperty("mail.smtp.connectiontimeout", millis(config.connectTimeout(), deadline, now));
    p.setProperty("mail.smtp.timeout", millis(config.readTimeout(), deadline, now));
    p.setProperty("mail.smtp.writetimeout", millis(config.writeTimeout(), deadline, now));
    // Never trace the AUTH exchange, even if someone turns on mail.debug or FINEST logging.
    p.setProperty("mail.debug.auth", "false");
    switch (config.security()) {
      case SSL -> p.setProperty("mail.smtp.ssl.enable", "true");
      case STARTTLS -> p.setProperty("mail.smtp.starttls.enable", "true");
      case STARTTLS_REQUIRED -> {
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.required", "true");
      }
      case NONE -> {}
    }
    p.setProperty(
        "mail.smtp.ssl.checkserveridentity", String.valueOf(config.sslCheckServerIdentity()));
    if (config.sslTrust() != null) {
      p.setProperty("mail.smtp.ssl.trust", config.sslTrust());
    }
    return p;
  }

  private static String millis(Duration timeout, Instant deadline, Instant now) {
    return String.valueOf(Math.max(1, Deadlines.within(timeout, deadline, now).toMillis()));
  }

  /** Maps a failure to retryable or permanent; package-private for tests. */
  static Outcome classify(Exception e, String password) {
    String what = describeFailure(e, password);
    if (e instanceof AuthenticationFailedException) {
      return Outcome.permanent("smtp login rejected: " + what);
    }
    if (e instanceof AddressException) {
      return Outcome.permanent("invalid address: " + what);
    }
    if (e instanceof SMTPSendFailedException s) {
      return byReplyCode(s.getReturnCode(), what);
    }
    if (e instanceof SendFailedException s) {
      // Rejected recipients: 4xx (mailbox busy, greylisting) may pass later, 5xx will not.
      Exception next = s.getNextException();
      if (next instanceof SMTPAddressFailedException a) {
        return byReplyCode(a.getReturnCode(), what);
      }
      return Outcome.permanent("send failed: " + what);
    }
    if (e instanceof MailConnectException) {
      return Outcome.retryable("smtp server unreachable: " + what);
    }
    Throwable cause = e instanceof MessagingException m ? m.getNextException() : e.getCause();
    if (cause instanceof SSLException) {
      // A certificate or protocol mismatch does not fix itself within a retry deadline.
      return Outcome.permanent("smtp tls failed: " + what);
    }
    if (cause instanceof InterruptedIOException
        || cause instanceof ConnectException
        || cause instanceof UnknownHostException
        || cause instanceof IOException) {
      return Outcome.retryable("smtp i/o error: " + what);
    }
    if (e instanceof MessagingException) {
      // No I/O behind it: a protocol or configuration mismatch, such as STARTTLS required but
      // not offered. Retrying the same thing would get the same answer.
      return Outcome.permanent("smtp error: " + what);
    }
    return Outcome.permanent("unexpected " + what);
  }

  private static Outcome byReplyCode(int code, String what) {
    String detail = "smtp reply " + code + ": " + what;
    return code >= 400 && code < 500 ? Outcome.retryable(detail) : Outcome.permanent(detail);
  }

  private static String describeFailure(Throwable e, String password) {
    StringBuilder sb = new StringBuilder();
    Throwable t = e;
    for (int depth = 0; t != null && depth < 3; depth++) {
      if (depth > 0) {
        sb.append(" <- ");
      }
      sb.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        sb.append(": ").append(t.getMessage().strip());
      }
      Throwable next = t instanceof MessagingException m ? m.getNextException() : t.getCause();
      t = next == t ? null : next;
    }
    return Redact.bounded(Redact.secret(sb.toString(), password), 500);
  }
}
