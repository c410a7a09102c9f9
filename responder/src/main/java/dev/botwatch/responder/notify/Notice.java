package dev.botwatch.responder.notify;

/**
 * One notification as people read it: a subject line and a plain-text body, and optionally an HTML
 * version of the body (sent as multipart/alternative; chat channels use the text).
 */
public record Notice(String subject, String body, String html) {
  public Notice {
    subject = subject == null ? "" : subject;
    body = body == null ? "" : body;
  }

  public Notice(String subject, String body) {
    this(subject, body, null);
  }
}
