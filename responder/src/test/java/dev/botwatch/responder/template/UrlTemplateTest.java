package dev.botwatch.responder.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.common.config.Problems;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class UrlTemplateTest {
  static final UrlTemplate URL =
      new UrlTemplate("http://127.0.0.1:9330/admin", "/{{bot}}/components/{{component}}");

  static Function<String, String> labels(String component) {
    return Map.of("bot", "paper", "component", component)::get;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "scanner            | /admin/paper/components/scanner",
        "../../etc          | /admin/paper/components/..%2F..%2Fetc",
        "%2e%2e             | /admin/paper/components/%252e%252e",
        "//evil:1/          | /admin/paper/components/%2F%2Fevil%3A1%2F",
        "http://evil:81/x   | /admin/paper/components/http%3A%2F%2Fevil%3A81%2Fx",
        "a?x=1#f            | /admin/paper/components/a%3Fx%3D1%23f",
        "u@evil             | /admin/paper/components/u%40evil",
        "é ☃                | /admin/paper/components/%C3%A9%20%E2%98%83",
        "...                | /admin/paper/components/...",
        "~a-b_c.d           | /admin/paper/components/~a-b_c.d",
      })
  void aValueBecomesOneEncodedSegmentUnderTheBasePath(String value, String path) throws Refusal {
    UrlTemplate.Rendered r = URL.render(labels(value));

    assertThat(r.path()).isEqualTo(path);
    assertThat(r.uri()).hasScheme("http").hasHost("127.0.0.1").hasPort(9330).hasNoQuery();
    assertThat(r.origin()).isEqualTo("127.0.0.1:9330");
    assertThat(r.uri().getPath()).isEqualTo("/admin/paper/components/" + value);
  }

  static Stream<Arguments> unsafeSegments() {
    return Stream.of(
        Arguments.of("", "the segment would be empty"),
        Arguments.of(".", "the segment would be '.'"),
        Arguments.of("..", "the segment would be '..'"),
        Arguments.of("a\nb", "control character U+000A"),
        Arguments.of("a\r\nHost: evil", "control character U+000D"),
        Arguments.of("a\u0000", "control character U+0000"),
        Arguments.of("a\u202Eb", "control character U+202E"),
        Arguments.of("\uD800", "not valid Unicode"));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("unsafeSegments")
  void aSegmentThatCannotBeMadeSafeIsRefused(String value, String why) {
    assertThatThrownBy(() -> URL.render(labels(value)))
        .isInstanceOf(Refusal.class)
        .hasMessageStartingWith("label component=")
        .hasMessageContaining("cannot be used in a URL path segment")
        .hasMessageContaining(why);
  }

  @Test
  void twoPlaceholdersThatMakeDotDotTogetherAreRefused() {
    UrlTemplate u = new UrlTemplate("http://h:1", "/x/{{a}}{{b}}/y");
    assertThatThrownBy(() -> u.render(Map.of("a", ".", "b", ".")::get))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("label a, b")
        .hasMessageContaining("the segment would be '..'");
  }

  @Test
  void aVeryLongValueIsRefused() {
    assertThatThrownBy(() -> URL.render(labels("a".repeat(UrlTemplate.MAX_VALUE_CHARS + 1))))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("(1025 chars)")
        .hasMessageContaining("longer than 1024");
  }

  @Test
  void queryValuesAreEncodedAsQueryValues() throws Refusal {
    UrlTemplate u =
        new UrlTemplate("https://bot.example:8443", "/control/restart?c={{component}}&why=alert");
    UrlTemplate.Rendered r = u.render(labels("a&b=c #d+e/f?"));

    assertThat(r.uri().getRawQuery()).isEqualTo("c=a%26b%3Dc%20%23d%2Be%2Ff%3F&why=alert");
    assertThat(r.path()).isEqualTo("/control/restart");
    assertThat(r.origin()).isEqualTo("bot.example:8443");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "http://evil:9330/admin/x",
    "https://127.0.0.1:9330/admin/x",
    "http://127.0.0.1:9331/admin/x",
    "http://127.0.0.1/admin/x",
    "http://u:p@127.0.0.1:9330/admin/x",
    "http://127.0.0.1:9330/other/x",
    "http://127.0.0.1:9330/admin/../x",
    "http://127.0.0.1:9330/admin/x#f",
    "http://127.0.0.1:9330/adminx",
  })
  void theLastGuardRefusesAnyUrlOffTheBaseOriginOrPath(String rendered) {
    assertThatThrownBy(() -> URL.sameOrigin(URI.create(rendered)))
        .isInstanceOf(Refusal.class)
        .hasMessageEndingWith("not sent");
  }

  @Test
  void theGuardAcceptsTheBasesOwnOriginInAnyCase() throws Refusal {
    URL.sameOrigin(URI.create("HTTP://127.0.0.1:9330/admin/x?y=1"));
    new UrlTemplate("http://Bot.Example", "/x").sameOrigin(URI.create("http://bot.example:80/x"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://{{host}}:9330      | must not use templates",
        "{{scheme}}://h:1          | must not use templates",
        "http://h:{{port}}         | must not use templates",
        "http://h:1/{{prefix}}     | must not use templates",
        "ftp://h                   | must be an http(s) URL with a host",
        "http://u:p@h              | must not carry credentials",
        "http://h/?a=1             | must not have a query or fragment",
      })
  void baseUrlsAreFixed(String base, String message) {
    Problems p = new Problems();
    UrlTemplate.validateBase(base, "bots.p.control.base_url", p);
    assertThat(p.errors()).singleElement().asString().contains(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "//{{host}}/x              | must start with a single /",
        "{{host}}/x                | must start with a single /",
        "control/x                 | must start with a single /",
        "/a/../b                   | must not have a '..' segment",
        "/a/./b                    | must not have a '.' segment",
        "/a//{{c}}                 | must not have an empty segment",
        "/a/{{c}}#x                | must not have a fragment",
        "/a/{{ c-d }}              | opens no placeholder",
        "/a b/{{c}}                | is not a valid URL path",
      })
  void endpointPathsAreChecked(String path, String message) {
    Problems p = new Problems();
    UrlTemplate.validate(path, "bots.p.control.endpoints.x.path", p);
    assertThat(p.errors())
        .singleElement()
        .asString()
        .startsWith("bots.p.control.endpoints.x.path ")
        .contains(message);
  }

  @Test
  void encodeKeepsOnlyUnreservedCharacters() {
    assertThat(UrlTemplate.encode("AZaz09-._~")).isEqualTo("AZaz09-._~");
    assertThat(UrlTemplate.encode("/?#[]@!$&'()*+,;=: %"))
        .isEqualTo("%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%20%25");
    assertThat(UrlTemplate.encode("😀")).isEqualTo("%F0%9F%98%80");
  }
}
