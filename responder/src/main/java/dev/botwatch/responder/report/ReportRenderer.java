package dev.botwatch.responder.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.botwatch.responder.notify.Notice;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The report as JSON (the API), HTML (the browser and the mail) and plain text (the mail's other
 * part). The HTML template escapes every value (Mustache's default); the text template prints
 * values made one harmless line by {@link ReportView}. Templates compile on first use, not at
 * start.
 */
public final class ReportRenderer {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final ReportView view;
  private final ZoneId zone;
  private volatile Mustache html;
  private volatile Mustache text;

  public ReportRenderer(ZoneId zone) {
    this.zone = zone;
    this.view = new ReportView(zone);
  }

  public String json(HealthReport r) {
    try {
      return JSON.writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the report does not serialize", e);
    }
  }

  public String html(HealthReport r) {
    if (html == null) {
      html = new DefaultMustacheFactory().compile("report/report.html.mustache");
    }
    return render(html, view.of(r));
  }

  public String text(HealthReport r) {
    if (text == null) {
      text = new Verbatim().compile("report/report.txt.mustache");
    }
    return render(text, view.of(r));
  }

  /** The daily mail: subject, plain text and HTML (multipart/alternative). */
  public Notice mail(HealthReport r) {
    int incidents = r.bots().stream().mapToInt(b -> b.incidents().size()).sum();
    long latched = r.bots().stream().filter(HealthReport.BotReport::emergencyLatchedNow).count();
    String day =
        DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(zone).format(r.until());
    String subject =
        "[botwatch] Health report "
            + day
            + ": "
            + r.bots().size()
            + " bot(s), "
            + incidents
            + " incident(s)"
            + (latched > 0 ? ", " + latched + " emergency stop(s) latched" : "")
            + (r.prometheus().available() ? "" : ", Prometheus unavailable");
    return new Notice(subject, text(r), html(r));
  }

  private static String render(Mustache m, Map<String, Object> scope) {
    StringWriter w = new StringWriter();
    try {
      m.execute(w, scope).flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** Plain text: values are printed as they are (ReportView already made them one line). */
  private static final class Verbatim extends DefaultMustacheFactory {
    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
