package dev.botwatch.e2e.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for programs that cannot bind port 0 themselves (Prometheus, Alertmanager).
 *
 * <p>They come from below the kernel's ephemeral range: a port there is what the kernel hands to
 * every outgoing connection and every bind to port 0, so between this test closing it and the
 * program binding it, any process on the machine (another stack's HTTP client, another test's
 * server) could take it, and the program would fail to bind while its health check reached the
 * other process. Below the range only another caller of this method picks ports, at random, and
 * none is handed out twice by one JVM.
 */
public final class Ports {
  private static final int LOWEST = 10000;
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private Ports() {}

  public static int free() {
    int below = ephemeralLow();
    for (int attempt = 0; attempt < 500; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (!GIVEN.add(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException taken) {
        // someone listens there: try another
      }
    }
    throw new IllegalStateException("no free loopback port in " + LOWEST + "-" + below);
  }

  /** The first port of the ephemeral range (Linux), 32768 when it cannot be read. */
  private static int ephemeralLow() {
    try {
      String[] range =
          Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip().split("\\s+");
      int low = Integer.parseInt(range[0]);
      return low > LOWEST + 1000 ? low : 32768;
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }
}
