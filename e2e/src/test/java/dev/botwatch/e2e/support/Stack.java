package dev.botwatch.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole botwatch loop on loopback, as the e2e tests run it: exporter, demo bot, responder (real
 * jars), Alertmanager with the shipped {@code prometheus/alertmanager.yml} (only the responder's
 * address, the token file, the SMTP port and the grouping timers changed) and Prometheus with the
 * shipped rules, time-compressed by {@link RuleSet}. Closing stops everything in reverse order.
 */
public final class Stack implements AutoCloseable {
  public static final String BOT = "paper";
  public static final String WEBHOOK_TOKEN = "e2e-webhook-token-7f3a";
  public static final String CONTROL_TOKEN = "e2e-control-token-91c2";

  private final List<AutoCloseable> started = new ArrayList<>();
  public final Path dir;
  public JavaProgram exporter;
  public JavaProgram demoBot;
  public JavaProgram responder;
  public AlertmanagerServer alertmanager;
  public PrometheusServer prometheus;

  /** Options a test may change before {@link #start}. */
  public static final class Options {
    public String profile = "production";
    public int compression = 30;
    public Set<String> alerts = null;
    public Duration demoTick = Duration.ofMillis(100);
    public int smtpPort = 1; // nothing listens: mail fails harmlessly unless a test sets a server
    public String responderExtraYaml = "";
    public String exporterBotSourcesYaml = "";
  }

  private Stack(Path dir) {
    this.dir = dir;
  }

  public static Stack start(Path dir, Options o) {
    Stack s = new Stack(dir);
    try {
      s.startAll(o);
      return s;
    } catch (RuntimeException | AssertionError e) {
      s.close();
      throw e;
    }
  }

  private void startAll(Options o) {
    write("secrets/webhook_token", WEBHOOK_TOKEN);
    write("secrets/control_token", CONTROL_TOKEN);
    Path bot = dir.resolve("demo-bot");
    exporter =
        add(
            JavaProgram.start(
                "botwatch-exporter",
                """
                server: {host: 127.0.0.1, port: 0}
                collectors: {host: {interval: 1s, timeout: 1s}}
                bots:
                  %s:
                    info: {exchange: paper, strategy: demo}
                %s
                """
                    .formatted(BOT, o.exporterBotSourcesYaml),
                dir.resolve("exporter")));
    demoBot =
        add(
            JavaProgram.start(
                "botwatch-demo-bot",
                """
                server: {host: 127.0.0.1, port: 0}
                bot: %s
                exporter: {url: "%s"}
                control_token: {file: "%s"}
                tick: %dms
                files: {log: "%s", config: "%s", data: "%s", pid: "%s"}
                memory_growth: {cap_mib: 64, step_mib: 8}
                """
                    .formatted(
                        BOT,
                        exporter.url(),
                        dir.resolve("secrets/control_token"),
                        o.demoTick.toMillis(),
                        bot.resolve("bot.log"),
                        bot.resolve("strategy.json"),
                        bot.resolve("prices.json"),
                        bot.resolve("bot.pid")),
                bot));
    responder =
        add(
            JavaProgram.start(
                "botwatch-responder",
                """
                server: {host: 127.0.0.1, port: 0}
                webhook: {token: {file: "%s"}}
                control: {token: {file: "%s"}}
                store: {path: "%s"}
                profile: %s
                bots:
                  %s:
                    control: {base_url: "%s", token: {file: "%s"}}
                %s
                """
                    .formatted(
                        dir.resolve("secrets/webhook_token"),
                        dir.resolve("secrets/control_token"),
                        dir.resolve("responder/responder.db"),
                        o.profile,
                        BOT,
                        demoBot.url(),
                        dir.resolve("secrets/control_token"),
                        o.responderExtraYaml),
                dir.resolve("responder")));
    alertmanager =
        add(AlertmanagerServer.start(dir.resolve("alertmanager"), alertmanagerConfig(o)));
    List<Path> rules = RuleSet.compressed(o.profile, o.compression, o.alerts, dir.resolve("rules"));
    Map<String, String> jobs = new LinkedHashMap<>();
    jobs.put("botwatch-exporter", "127.0.0.1:" + exporter.port());
    jobs.put("botwatch-responder", "127.0.0.1:" + responder.port());
    prometheus =
        add(
            PrometheusServer.start(
                dir.resolve("prometheus"),
                Duration.ofSeconds(1),
                jobs,
                rules,
                alertmanager.hostPort()));
  }

  /** The shipped alertmanager.yml with this stack's addresses and test-sized timers. */
  String alertmanagerConfig(Options o) {
    String y = read(Binaries.root().resolve("prometheus/alertmanager.yml"));
    return y.replace("http://127.0.0.1:9320/alerts", responder.url() + "/alerts")
        .replaceAll(
            "credentials_file: .*", "credentials_file: " + dir.resolve("secrets/webhook_token"))
        .replaceAll("smtp_smarthost: .*", "smtp_smarthost: '127.0.0.1:" + o.smtpPort + "'")
        .replaceAll("group_wait: \\d+[smh]", "group_wait: 1s")
        .replaceAll("group_interval: \\d+[smh]", "group_interval: 2s");
  }

  /** The demo bot's /status. */
  public com.fasterxml.jackson.databind.JsonNode botStatus() {
    return Http.get(demoBot.url() + "/status").json();
  }

  public int controlCalls(String action) {
    return botStatus().path("control_calls").path(action).asInt(0);
  }

  private <T extends AutoCloseable> T add(T c) {
    started.add(c);
    return c;
  }

  private void write(String rel, String content) {
    try {
      Path p = dir.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every program's log tail, for a failure message. */
  public String logs() {
    StringBuilder sb = new StringBuilder();
    for (AutoCloseable c : started) {
      ManagedProcess p =
          c instanceof JavaProgram j
              ? j.process()
              : c instanceof PrometheusServer ps
                  ? ps.process()
                  : c instanceof AlertmanagerServer am ? am.process() : null;
      if (p != null) {
        sb.append("\n===== ").append(p).append(" =====\n").append(p.tail());
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    List<AutoCloseable> reverse = new ArrayList<>(started);
    Collections.reverse(reverse);
    for (AutoCloseable c : reverse) {
      try {
        c.close();
      } catch (Exception e) {
        // keep stopping the rest
      }
    }
  }
}
