package dev.botwatch.exporter.collect.source;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;

/** The probes without an HTTP client to hold: TCP connect, DNS resolution, a JDBC query. */
final class NetProbers {
  private NetProbers() {}

  /** Connects and closes; success is a completed handshake within the timeout. */
  static Prober.Result tcp(ProbeSource p) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(p.host(), p.port()), (int) p.timeout().toMillis());
      return Prober.Result.OK;
    }
  }

  /**
   * Resolves the name through the system resolver. InetAddress has no timeout, so the collector
   * bounds the wait: this runs on its executor and is abandoned at the deadline.
   */
  static Prober.Result dns(ProbeSource p) throws Exception {
    return InetAddress.getAllByName(p.host()).length > 0 ? Prober.Result.OK : Prober.Result.FAILED;
  }

  /**
   * Opens a connection and runs the query. Timeouts go in the connection properties, not in
   * DriverManager.setLoginTimeout, which is JVM-global and would leak into other probes. SQLite is
   * opened read-only (open_mode=1) so probing a missing database fails instead of creating it.
   */
  static Prober.Result jdbc(ProbeSource p) throws Exception {
    int seconds = (int) Math.max(1, (p.timeout().toMillis() + 999) / 1000);
    Properties props = new Properties();
    if (p.username() != null) {
      props.setProperty("user", p.username());
    }
    if (p.password() != null) {
      props.setProperty("password", p.password().resolve());
    }
    if (p.url().startsWith("jdbc:postgresql:")) {
      props.setProperty("loginTimeout", String.valueOf(seconds));
      props.setProperty("connectTimeout", String.valueOf(seconds));
      props.setProperty("socketTimeout", String.valueOf(seconds + 1));
    } else if (p.url().startsWith("jdbc:sqlite:")) {
      props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY, without SQLITE_OPEN_CREATE
      props.setProperty("busy_timeout", String.valueOf(p.timeout().toMillis()));
    }
    try (Connection c = DriverManager.getConnection(p.url(), props);
        Statement st = c.createStatement()) {
      st.setQueryTimeout(seconds);
      st.execute(p.query());
      return Prober.Result.OK;
    }
  }
}
