package dev.botwatch.responder.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A libpq-style connection URI, {@code postgresql://user:password@host:port/database?params}, as
 * the JDBC driver wants it: a {@code jdbc:postgresql:} URL without credentials, plus user and
 * password. Every error names the part that is wrong and never repeats the URI: it holds the
 * password.
 */
record PostgresDsn(String jdbcUrl, String user, String password) {

  static PostgresDsn parse(String dsn) {
    URI u;
    try {
      u = new URI(dsn.strip());
    } catch (URISyntaxException e) {
      // The exception's message quotes the input, password and all.
      throw invalid("is not a URI");
    }
    if (!"postgresql".equals(u.getScheme()) && !"postgres".equals(u.getScheme())) {
      throw invalid("must start with postgresql://");
    }
    if (u.getHost() == null || u.getHost().isBlank()) {
      throw invalid("names no host");
    }
    String db = u.getRawPath() == null ? "" : u.getRawPath().replaceFirst("^/", "");
    if (db.isBlank() || db.contains("/")) {
      throw invalid("names no database (…/database at its end)");
    }
    String user = null;
    String password = null;
    String info = u.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
    }
    if (user == null || user.isBlank()) {
      throw invalid("names no user (postgresql://user:password@…)");
    }
    String host = u.getHost();
    int port = u.getPort() < 0 ? 5432 : u.getPort();
    String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
    return new PostgresDsn(
        "jdbc:postgresql://" + host + ":" + port + "/" + db + query, user, password);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("has a malformed %-escape in its user or password");
    }
  }

  private static StoreException invalid(String why) {
    return new StoreException(
        "store.postgres.dsn "
            + why
            + " (expected postgresql://user:password@host:port/database; the value is not shown:"
            + " it holds a password)",
        null);
  }

  /** Never the password. */
  @Override
  public String toString() {
    return "PostgresDsn[" + jdbcUrl + ", user=" + user + "]";
  }
}
