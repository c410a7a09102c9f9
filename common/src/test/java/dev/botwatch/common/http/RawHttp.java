package dev.botwatch.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw HTTP/1.1 client for slow-client tests (shared with the programs' tests through the test
 * jar): half-sent requests, a byte at a time, keep-alive requests on one socket. Every read has a
 * socket timeout, every loop a count, so a server that never closes fails the test instead of
 * hanging it.
 */
public final class RawHttp implements AutoCloseable {
  /** How long any single read may block. */
  public static final int READ_TIMEOUT_MS = 15_000;

  private final Socket socket;
  private final long openedAt = System.nanoTime();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  public RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(READ_TIMEOUT_MS);
    socket.setTcpNoDelay(true);
  }

  /** {@code n} connections, each with the head of a request sent but for its final blank line. */
  public static List<RawHttp> halfSentHeads(int port, int n) throws IOException {
    List<RawHttp> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RawHttp c = new RawHttp(port);
      c.send("GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + i + "\r\n");
      out.add(c);
    }
    return out;
  }

  public RawHttp send(String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  /**
   * Sends {@code text} one byte every {@code gapMs} until the server closes the connection or the
   * text runs out; returns how many bytes went out.
   */
  public int trickle(String text, long gapMs) throws InterruptedException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      try {
        socket.getOutputStream().write(bytes[i]);
        socket.getOutputStream().flush();
      } catch (IOException closed) {
        return i;
      }
      if (serverClosed(gapMs)) {
        return i + 1;
      }
    }
    return bytes.length;
  }

  /** Waits up to {@code ms} for the server to close; false if the connection is still open. */
  private boolean serverClosed(long ms) {
    try {
      socket.setSoTimeout((int) Math.max(1, ms));
      int b = socket.getInputStream().read();
      if (b < 0) {
        return true;
      }
      pending.write(b); // the server answered (e.g. a 408); keep it for readAll()
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    } finally {
      try {
        socket.setSoTimeout(READ_TIMEOUT_MS);
      } catch (IOException ignored) {
        // the socket is gone; the next read says so
      }
    }
  }

  /**
   * Reads until the server closes the connection (bounded by the read timeout, which fails the
   * test) and returns what arrived, so a test sees both the close and any last answer.
   */
  public String readUntilClosed() throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        pending.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "the server kept the connection open for " + READ_TIMEOUT_MS + " ms after the limit");
    } catch (IOException reset) {
      // a reset is a close too
    }
    return pending.toString(StandardCharsets.UTF_8);
  }

  /** Milliseconds since this connection was opened. */
  public long ageMillis() {
    return (System.nanoTime() - openedAt) / 1_000_000;
  }

  /** One GET on this (kept-alive) connection; returns the status and body of the response. */
  public Response get(String path) throws IOException {
    send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    return readResponse();
  }

  /**
   * One HEAD on this (kept-alive) connection; returns the response head exactly as it arrived,
   * blank line included. Nothing more is read: a HEAD response has no body whatever its headers
   * say, so any byte after the head belongs to the next response.
   */
  public String head(String path) throws IOException {
    send("HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    return readHead();
  }

  public record Response(int status, String body) {}

  /** Reads one response with a Content-Length body. */
  public Response readResponse() throws IOException {
    InputStream in = socket.getInputStream();
    String h = readHead();
    int status = Integer.parseInt(h.substring(9, 12));
    int length = 0;
    for (String line : h.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return new Response(status, new String(body, StandardCharsets.UTF_8));
  }

  /** Reads one response head, which must start right here with a status line. */
  private String readHead() throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("connection closed before a response head").isNotNegative();
      head.write(b);
      assertThat(head.size()).as("response head size").isLessThan(64 * 1024);
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    assertThat(h).as("what came where a response should start").startsWith("HTTP/1.1 ");
    return h;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
