package dev.botwatch.responder.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Generated label values, hostile fragments mixed with arbitrary UTF-16 (lone surrogates and
 * control characters included), through every destination: each value is either refused or lands
 * exactly where the template put it, encoded so it changes nothing else.
 */
class TemplatePropertiesTest {
  static final List<String> HOSTILE =
      List.of(
          "../",
          "..",
          ".",
          "/",
          "//",
          "%2e%2e",
          "%2f",
          "%",
          "//evil:1/",
          "http://evil:2/",
          "?x=1",
          "&y=2",
          "#",
          "@",
          ":",
          "\r\n",
          "\n",
          "\u0000",
          "\"",
          "'",
          "\\",
          "{{bot}}",
          "}}",
          "-",
          "--",
          "+",
          " ",
          "*",
          "$(",
          "`",
          ";",
          "|",
          "~",
          "é",
          "😀",
          "\uD800",
          "\uDC00",
          "\u202E",
          "\u2028",
          "\u0085");

  @Provide
  Arbitrary<String> labels() {
    Arbitrary<String> fragments = Arbitraries.of(HOSTILE);
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(12);
    Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(6);
    // Mostly plain words, so that values which pass are generated as often as ones refused.
    return Arbitraries.frequencyOf(Tuple.of(1, fragments), Tuple.of(1, any), Tuple.of(4, plain))
        .list()
        .ofMaxSize(6)
        .map(parts -> String.join("", parts));
  }

  static Function<String, String> with(String value) {
    return name -> "bot".equals(name) ? "paper" : value;
  }

  @Property(tries = 2000)
  @StatisticsReport(format = Histogram.class)
  void aUrlNeverLeavesItsOriginOrGainsSegments(@ForAll("labels") String value) {
    bothOutcomesSeen();
    UrlTemplate u = new UrlTemplate("http://127.0.0.1:9330/api", "/{{bot}}/c/{{v}}?q={{v}}&k=1");
    UrlTemplate.Rendered r;
    try {
      r = u.render(with(value));
    } catch (Refusal e) {
      assertThat(e.getMessage()).startsWith("label v=");
      Statistics.collect("refused");
      return;
    }
    Statistics.collect("used");
    URI uri = r.uri();
    assertThat(uri.getScheme()).isEqualTo("http");
    assertThat(uri.getHost()).isEqualTo("127.0.0.1");
    assertThat(uri.getPort()).isEqualTo(9330);
    assertThat(uri.getRawUserInfo()).isNull();
    assertThat(uri.getRawFragment()).isNull();
    String[] segments = uri.getRawPath().split("/", -1);
    assertThat(segments).hasSize(5).startsWith("", "api", "paper", "c");
    assertThat(decode(segments[4])).isEqualTo(value);
    assertThat(segments[4]).isNotIn("", ".", "..");
    String[] params = uri.getRawQuery().split("&", -1);
    assertThat(params).hasSize(2);
    assertThat(decode(params[0].substring("q=".length()))).isEqualTo(value);
    assertThat(params[1]).isEqualTo("k=1");
  }

  @Property(tries = 2000)
  @StatisticsReport(format = Histogram.class)
  void aJsonBodyKeepsItsShape(@ForAll("labels") String value) throws Exception {
    bothOutcomesSeen();
    JsonTemplate t = JsonTemplate.parse("{\"component\": \"{{v}}\", \"fixed\": [1, \"x\"]}");
    String text;
    try {
      text = t.renderText(with(value));
    } catch (Refusal e) {
      assertThat(e.getMessage()).contains("not valid Unicode");
      Statistics.collect("refused");
      return;
    }
    Statistics.collect("used");
    JsonNode n = new ObjectMapper().readTree(text);
    assertThat(n.size()).isEqualTo(2);
    assertThat(n.get("component").textValue()).isEqualTo(value);
    assertThat(n.get("fixed").toString()).isEqualTo("[1,\"x\"]");
  }

  @Property(tries = 2000)
  @StatisticsReport(format = Histogram.class)
  void anArgumentStaysOnePlainWord(@ForAll("labels") String value) {
    bothOutcomesSeen();
    List<String> argv;
    try {
      argv = new ArgvTemplate(List.of("prog", "{{v}}", "--flag={{v}}")).render(with(value));
    } catch (Refusal e) {
      assertThat(e.getMessage()).startsWith("label v=");
      Statistics.collect("refused");
      return;
    }
    Statistics.collect("used");
    assertThat(argv).containsExactly("prog", value, "--flag=" + value);
    assertThat(value).matches("[A-Za-z0-9_][A-Za-z0-9_.:,=+@-]*").doesNotContain("..");
  }

  @Property(tries = 2000)
  @StatisticsReport(format = Histogram.class)
  void aFileNameStaysInItsDirectory(@ForAll("labels") String value) {
    bothOutcomesSeen();
    FileTemplate.Rendered r;
    try {
      r = new FileTemplate("/srv/bots/{{bot}}/{{v}}.json").render(with(value));
    } catch (Refusal e) {
      assertThat(e.getMessage()).startsWith("label v=");
      Statistics.collect("refused");
      return;
    }
    Statistics.collect("used");
    assertThat(r.root()).isEqualTo(Path.of("/srv/bots/paper"));
    assertThat(r.file().getParent()).isEqualTo(r.root());
    assertThat(r.file().getFileName().toString()).isEqualTo(value + ".json");
    assertThat(r.file().normalize()).isEqualTo(r.file());
  }

  @Property(tries = 2000)
  void textForPeopleIsOneBoundedLine(@ForAll("labels") String value) {
    String subject = new TextTemplate("[botwatch] {{v}} on {{bot}}").render(with(value));
    assertThat(subject).startsWith("[botwatch] ").endsWith(" on paper");
    assertThat(subject.chars())
        .noneMatch(c -> Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x202E);
    assertThat(subject.codePoints())
        .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
  }

  @Property(tries = 1000)
  void aRefusalNeverQuotesMoreThanAShortEscapedPreview(@ForAll("labels") String value) {
    String p = Refusal.preview(value);
    assertThat(p.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    assertThat(p.length()).isLessThanOrEqualTo(2 + 40 * 6 + 32);
  }

  /** A property that only ever refused (or never did) would prove nothing about the other side. */
  private static void bothOutcomesSeen() {
    Statistics.coverage(
        c -> {
          c.check("used").percentage(p -> p >= 5);
          c.check("refused").percentage(p -> p >= 5);
        });
  }

  private static String decode(String s) {
    // Our encoding never produces '+', so the form decoder's '+' rule does not apply.
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
