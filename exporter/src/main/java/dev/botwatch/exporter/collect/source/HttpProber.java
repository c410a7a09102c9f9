package dev.botwatch.exporter.collect.source;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP probe: GET the URL with connect and request timeouts. Success is the expected status (any
 * 2xx by default) and, if set, the body (first 1 MiB) containing {@code body_contains}. Redirects
 * are followed, as Prometheus' blackbox exporter does.
 */
final class HttpProber implements Prober {
  static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpClient client;

  HttpProber(java.time.Duration connectTimeout) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(connectTimeout)
            .build();
  }

  @Override
  public Result probe(ProbeSource p) throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(p.url())).timeout(p.timeout()).GET();
    if (p.password() != null) {
      String user = p.username() == null ? "" : p.username();
      String pair = user + ":" + p.password().resolve();
      req.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    } else if (p.bearerToken() != null) {
      req.header("Authorization", "Bearer " + p.bearerToken().resolve());
    }
    HttpResponse<InputStream> resp =
        client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    int status = resp.statusCode();
    boolean statusOk =
        p.expectedStatus() != null ? status == p.expectedStatus() : status >= 200 && status < 300;
    boolean bodyOk = true;
    try (InputStream body = resp.body()) {
      if (p.bodyContains() != null) {
        String text = new String(body.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
        bodyOk = text.contains(p.bodyContains());
      }
    }
    return new Result(statusOk && bodyOk, status);
  }
}
