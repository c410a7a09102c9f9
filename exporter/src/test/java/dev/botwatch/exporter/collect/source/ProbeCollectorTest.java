package dev.botwatch.exporter.collect.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.testing.GoldenFiles;
import dev.botwatch.exporter.TestText;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ProbeCollectorTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @TempDir Path dir;

  static ProbeSource http(String name, String url, Integer expected, String body, Duration t) {
    return new ProbeSource(
        name, "http", url, null, null, null, t, expected, body, null, null, null);
  }

  static ProbeSource tcp(String name, int port) {
    return new ProbeSource(
        name,
        "tcp",
        null,
        "127.0.0.1",
        port,
        null,
        Duration.ofSeconds(2),
        null,
        null,
        null,
        null,
        null);
  }

  static ProbeSource dns(String host) {
    return new ProbeSource(
        null, "dns", null, host, null, null, Duration.ofSeconds(3), null, null, null, null, null);
  }

  static ProbeSource jdbc(String name, String url, String query) {
    return new ProbeSource(
        name, "jdbc", url, null, null, query, Duration.ofSeconds(2), null, null, null, null, null);
  }

  static String run(List<ProbeSource> probes) throws Exception {
    var c = new ProbeCollector(Map.of("paper", probes));
    try {
      return TestText.of(c.collect());
    } finally {
      c.close();
    }
  }

  static int refusedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort(); // closed on return: nothing listens there any more
    }
  }

  @Test
  void goldenHttpStatusBodyTcpDnsAndJdbc() throws Exception {
    wm.stubFor(
        get("/ping").willReturn(aResponse().withStatus(200).withBody("{\"status\":\"pong\"}")));
    wm.stubFor(get("/down").willReturn(aResponse().withStatus(503)));
    String base = "http://127.0.0.1:" + wm.getPort();
    Path db = dir.resolve("trades.sqlite");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement().execute("CREATE TABLE trades (id INTEGER)");
    }
    Duration t = Duration.ofSeconds(2);
    String text =
        run(
            List.of(
                http("api", base + "/ping", null, "pong", t),
                http("api-wrong-body", base + "/ping", null, "nope", t),
                http("api-down", base + "/down", null, null, t),
                http("api-down-expected", base + "/down", 503, null, t),
                tcp("refused", refusedPort()),
                dns("localhost"),
                dns("nonexistent.invalid"),
                jdbc("db", "jdbc:sqlite:" + db, "SELECT count(*) FROM trades"),
                jdbc("db-bad-query", "jdbc:sqlite:" + db, "SELECT * FROM no_such_table"),
                jdbc("db-missing", "jdbc:sqlite:" + dir.resolve("missing.sqlite"), null)));
    assertThat(Files.exists(dir.resolve("missing.sqlite")))
        .as("probe must not create a db")
        .isFalse();
    String masked = text.replaceAll("(?m)^(bot_probe_duration_seconds\\{.*\\}) .*$", "$1 *");
    GoldenFiles.assertMatches(Path.of("src/test/resources/source/golden/probe.prom"), masked);
  }

  @Test
  void aHangingHttpTargetFailsAtItsTimeoutWithoutDelayingTheOthers() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket hang = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket fine = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (accepted.size() < 5) {
                    accepted.add(hang.accept()); // accept, then never answer
                  }
                } catch (Exception e) {
                  // the socket closed at the end of the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "http://127.0.0.1:" + hang.getLocalPort() + "/metrics";
      long t0 = System.nanoTime();
      String text =
          run(
              List.of(
                  http("hangs", url, null, null, Duration.ofMillis(800)),
                  http("hangs-too", url, null, null, Duration.ofMillis(800)),
                  tcp("fine", fine.getLocalPort())));
      double took = (System.nanoTime() - t0) / 1e9;
      assertThat(took).isBetween(0.7, 2.0); // concurrently: ~one timeout, not two
      assertThat(text)
          .contains("bot_probe_success{bot=\"paper\",kind=\"http\",target=\"hangs\"} 0.0")
          .contains("bot_probe_success{bot=\"paper\",kind=\"tcp\",target=\"fine\"} 1.0")
          .doesNotContain("bot_probe_http_status_code{bot=\"paper\",target=\"hangs\"}");
      assertThat(ProcessCollectorTest.value(text, "bot_probe_duration_seconds"))
          .isBetween(0.7, 1.1);
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void httpBasicAuthIsSentFromASecretThatNeverShowsInTheOutput() throws Exception {
    Path secret = Files.writeString(dir.resolve("pw"), "s3cr3t-pw\n");
    wm.stubFor(get("/private").willReturn(aResponse().withStatus(200)));
    var p =
        new ProbeSource(
            "private",
            "http",
            "http://127.0.0.1:" + wm.getPort() + "/private",
            null,
            null,
            null,
            Duration.ofSeconds(2),
            null,
            null,
            "bw",
            new Secret(secret.toString(), null),
            null);
    String text = run(List.of(p));
    assertThat(text).contains("target=\"private\"} 1.0").doesNotContain("s3cr3t");
    wm.verify(
        getRequestedFor(urlEqualTo("/private"))
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                    "Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString("bw:s3cr3t-pw".getBytes()))));
  }
}
