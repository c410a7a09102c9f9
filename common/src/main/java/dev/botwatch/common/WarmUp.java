package dev.botwatch.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A program's training run for class-data sharing ({@code java
 * -XX:ArchiveClassesAtExit=<program>.jsa -jar <program>.jar --warm-up}): the program starts on a
 * throwaway config, answers the requests a real day starts with, then stops and exits, and the JVM
 * writes every class it loaded into the archive. Started with {@code -XX:SharedArchiveFile}, the
 * program then maps those classes instead of loading and verifying them one by one.
 *
 * <p>The requests go over a plain socket, so the client adds no classes of its own to the archive.
 */
public interface WarmUp {
  /** One request; {@code body} may be null. Every request must be answered 2xx. */
  record Request(String method, String path, Map<String, String> headers, String body) {
    public static Request get(String path, Map<String, String> headers) {
      return new Request("GET", path, headers, null);
    }
  }

  /** YAML of a config that listens on 127.0.0.1 port 0 and keeps every file it writes in dir. */
  String config(Path dir) throws IOException;

  /** The requests to send, in order, once {@code /-/ready} answers 200. */
  List<Request> requests();

  /** Sends one request and returns the status code. Bounded by a 10 s socket timeout. */
  static int send(int port, Request r) throws IOException {
    byte[] body = r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder(r.method())
            .append(' ')
            .append(r.path())
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    r.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (r.body() != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      byte[] all = in.readAllBytes();
      String status = new String(all, 0, Math.min(all.length, 12), StandardCharsets.US_ASCII);
      if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
        throw new IOException(r.method() + " " + r.path() + ": no HTTP response");
      }
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  /** Polls {@code /-/ready} until it answers 200, for at most {@code limit}. */
  static void awaitReady(int port, Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    int status = 0;
    while (System.nanoTime() < deadline) {
      status = send(port, Request.get("/-/ready", Map.of()));
      if (status == 200) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException("/-/ready still answers " + status + " after " + limit);
  }
}
