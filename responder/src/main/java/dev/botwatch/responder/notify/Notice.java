package dev.botwatch.responder.notify;

/** One notification as people read it: a subject line and a plain-text body. */
public record Notice(String subject, String body) {
  public Notice {
    subject = subject == null ? "" : subject;
    body = body == null ? "" : body;
  }
}
