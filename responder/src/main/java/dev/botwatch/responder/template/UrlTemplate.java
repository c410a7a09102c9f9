package dev.botwatch.responder.template;

import dev.botwatch.common.config.Problems;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A control call's URL: the configured {@code base_url} (fixed: no template may touch its scheme,
 * host or port) plus an endpoint path template such as {@code
 * /admin/{{bot}}/components/{{component}}} with an optional query ({@code ?reason={{alertname}}}).
 *
 * <p>Each label value is percent-encoded on its own: everything but RFC 3986's unreserved
 * characters ({@code A-Z a-z 0-9 - . _ ~}) becomes {@code %XX} of its UTF-8 bytes, so a value can
 * never add a {@code /}, {@code ?}, {@code #}, {@code @}, {@code :} or {@code &} to the URL. A path
 * segment that a placeholder leaves empty, {@code .} or {@code ..} is refused, as is a value with a
 * control character or broken Unicode, or longer than {@value #MAX_VALUE_CHARS} characters. As a
 * last guard, the rendered URL is parsed again and refused unless its scheme, host and port are the
 * base URL's and its path stays under the base URL's path.
 */
public final class UrlTemplate {
  public static final int MAX_VALUE_CHARS = 1024;
  private static final String PATH_SEGMENT = "a URL path segment";
  private static final String QUERY = "a URL query";

  /** The URL to call and, for the audit trail, its origin and path (never its query). */
  public record Rendered(URI uri, String origin, String path) {}

  private final String scheme;
  private final String host;
  private final int port;
  private final String authority;
  private final String prefix;
  private final List<Template> segments = new ArrayList<>();
  private final Template query;

  /** Throws {@link IllegalArgumentException} when either part fails {@link #validate}. */
  public UrlTemplate(String baseUrl, String pathTemplate) {
    Problems p = new Problems();
    validateBase(baseUrl, "base_url", p);
    validate(pathTemplate, "path", p);
    if (!p.errors().isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", p.errors()));
    }
    URI base = URI.create(baseUrl);
    this.scheme = base.getScheme().toLowerCase(Locale.ROOT);
    this.host = base.getHost();
    this.port = effectivePort(base);
    this.authority = base.getRawAuthority();
    String raw = base.getRawPath() == null ? "" : base.getRawPath();
    this.prefix = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
    int q = pathTemplate.indexOf('?');
    String path = q < 0 ? pathTemplate : pathTemplate.substring(0, q);
    for (String s : path.substring(1).split("/", -1)) {
      segments.add(Template.parse(s));
    }
    this.query = q < 0 ? null : Template.parse(pathTemplate.substring(q + 1));
  }

  /** Config check of a {@code base_url}: an http(s) URL with a host, and no template anywhere. */
  public static void validateBase(String baseUrl, String at, Problems p) {
    if (baseUrl == null || baseUrl.isBlank()) {
      p.add(at, "must be set");
      return;
    }
    if (baseUrl.contains("{{") || baseUrl.contains("}}")) {
      p.add(at, "must not use templates: the scheme, host and port of every call are fixed");
      return;
    }
    try {
      URI u = new URI(baseUrl);
      p.require(
          ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
              && u.getHost() != null,
          at,
          "must be an http(s) URL with a host");
      p.require(
          u.getRawUserInfo() == null, at, "must not carry credentials (use token: {file: ...})");
      p.require(
          u.getRawQuery() == null && u.getRawFragment() == null,
          at,
          "must not have a query or fragment");
    } catch (URISyntaxException e) {
      p.add(at, "is not a URL");
    }
  }

  /**
   * Config check of an endpoint path template: starts with one {@code /}, no {@code .}/{@code ..}
   * or empty segments, no fragment, well-formed placeholders, a valid URL once rendered.
   */
  public static void validate(String template, String at, Problems p) {
    if (template == null) {
      return;
    }
    if (!template.startsWith("/") || template.startsWith("//")) {
      p.add(at, "must start with a single / (the scheme, host and port come from base_url)");
      return;
    }
    if (template.contains("#")) {
      p.add(at, "must not have a fragment (#)");
      return;
    }
    int q = template.indexOf('?');
    String path = q < 0 ? template : template.substring(0, q);
    String[] segs = path.substring(1).split("/", -1);
    for (int i = 0; i < segs.length; i++) {
      if (segs[i].equals(".") || segs[i].equals("..")) {
        p.add(at, "must not have a '" + segs[i] + "' segment");
        return;
      }
      if (segs[i].isEmpty() && i < segs.length - 1) {
        p.add(at, "must not have an empty segment (//)");
        return;
      }
    }
    try {
      Template t = Template.parse(template);
      new URI("http://h" + t.render(name -> "x"));
    } catch (IllegalArgumentException e) {
      p.add(at, e.getMessage());
    } catch (URISyntaxException | Refusal e) {
      p.add(at, "is not a valid URL path (percent-encode characters such as spaces)");
    }
  }

  /** {@code host:port} of the base URL: the only place a call may go. */
  public String origin() {
    return host + ":" + port;
  }

  /** Renders the URL for these labels, or refuses. Never returns a URL off the base origin. */
  public Rendered render(Function<String, String> labels) throws Refusal {
    StringBuilder path = new StringBuilder(prefix);
    for (Template seg : segments) {
      String s = seg.render(name -> encoded(name, labels.apply(name), PATH_SEGMENT));
      if (seg.hasPlaceholders() && (s.isEmpty() || s.equals(".") || s.equals(".."))) {
        String names = String.join(", ", seg.names());
        String value = seg.names().size() == 1 ? labels.apply(seg.names().iterator().next()) : s;
        throw Refusal.label(
            names,
            value,
            PATH_SEGMENT,
            s.isEmpty() ? "the segment would be empty" : "the segment would be '" + s + "'");
      }
      path.append('/').append(s);
    }
    String q =
        query == null ? null : query.render(name -> encoded(name, labels.apply(name), QUERY));
    String text = scheme + "://" + authority + path + (q == null ? "" : "?" + q);
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new Refusal("the rendered URL is not valid; nothing was sent to " + origin());
    }
    sameOrigin(uri);
    return new Rendered(uri, origin(), uri.getRawPath());
  }

  /**
   * The last guard, for whatever the encoding above might miss: refuses a URL whose scheme, host or
   * port differ from the base URL's, that carries credentials or a fragment, or whose path leaves
   * the base path or has dot segments.
   */
  void sameOrigin(URI uri) throws Refusal {
    String to = Refusal.preview(uri.getScheme() + "://" + uri.getHost() + ":" + effectivePort(uri));
    if (!scheme.equalsIgnoreCase(String.valueOf(uri.getScheme()))
        || uri.getHost() == null
        || !host.equalsIgnoreCase(uri.getHost())
        || port != effectivePort(uri)
        || uri.getRawUserInfo() != null) {
      throw new Refusal(
          "the rendered URL would go to " + to + ", not to base_url's " + origin() + "; not sent");
    }
    String p = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (uri.getRawFragment() != null
        || !(p.startsWith(prefix + "/"))
        || !p.equals(uri.normalize().getRawPath())) {
      throw new Refusal(
          "the rendered URL's path leaves " + (prefix.isEmpty() ? "/" : prefix) + "; not sent");
    }
  }

  private static int effectivePort(URI u) {
    if (u.getPort() > 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static String encoded(String name, String value, String where) throws Refusal {
    String why = Values.notCleanText(value);
    if (why == null && value.length() > MAX_VALUE_CHARS) {
      why = "it is longer than " + MAX_VALUE_CHARS + " characters";
    }
    if (why != null) {
      throw Refusal.label(name, value, where, why);
    }
    return encode(value);
  }

  /**
   * Percent-encodes every UTF-8 byte of {@code value} except RFC 3986's unreserved characters: the
   * result is safe as a path segment, a query key or a query value alike.
   */
  public static String encode(String value) {
    StringBuilder b = new StringBuilder(value.length() + 8);
    for (byte x : value.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        b.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }
}
