package dev.botwatch.e2e.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The native stack exactly as a person runs it, {@code bin/stack up} with the shipped {@code
 * config/*.yml}, {@code prometheus/alertmanager.yml} and rules, but on free loopback ports, in a
 * temporary run directory, with the test's GreenMail as the mail server (or bin/stack's own mail
 * catcher, {@link Options#mailCatcher}) and time compressed: the rules' windows and {@code for}
 * divided by {@link Options#compression} ({@link RuleSet}), 1 s scrape and evaluation, 1 s
 * group_wait, 2 s group_interval. Closing runs {@code bin/stack down}.
 */
public final class Stack implements AutoCloseable {
  public static final String BOT = "paper";

  /** What a test may change before {@link #start}. */
  public static final class Options {
    public String profile = "production";
    public int compression = 30;

    /** Alert names to keep (recording rules always stay); null keeps all. */
    public Set<String> alerts = null;

    public Duration demoTick = Duration.ofMillis(100);

    /** More environment for bin/stack and the programs (e.g. BOTWATCH_COOLDOWN). */
    public Map<String, String> env = new LinkedHashMap<>();

    /** False: no demo bot (BOTWATCH_DEMO=0), for a test that brings its own bot. */
    public boolean demo = true;

    /** A config directory of one's own (BOTWATCH_CONFIG_DIR); null runs the tracked config/. */
    public Path configDir = null;

    /**
     * True: bin/stack's own mail catcher receives the mail (read with {@link #mailCatcherApi});
     * false: this test's GreenMail ({@link #mail}) does, and bin/stack starts none.
     */
    public boolean mailCatcher = false;

    /** The exporter's port, for a bot started before the stack; 0 picks a free one. */
    public int exporterPort = 0;
  }

  public final Path dir;
  public final Path runDir;

  /** The test's own mail server; null when bin/stack's mail catcher runs instead. */
  public final GreenMail mail;

  /** What {@code bin/stack up} printed. */
  public String upOutput = "";

  private final Map<String, String> env = new LinkedHashMap<>();
  private final int exporterPort;
  private final int responderPort = Ports.free();
  private final int demoBotPort = Ports.free();
  private final int prometheusPort = Ports.free();
  private final int alertmanagerPort = Ports.free();
  private final int smtpPort;
  private final int mailApiPort = Ports.free();
  public final Prom prometheus;

  private Stack(Path dir, Options o) {
    this.dir = dir;
    this.runDir = dir.resolve("run");
    this.smtpPort = Ports.free();
    this.exporterPort = o.exporterPort > 0 ? o.exporterPort : Ports.free();
    this.mail =
        o.mailCatcher ? null : new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", "smtp"));
    this.prometheus = new Prom("http://127.0.0.1:" + prometheusPort);
  }

  public static Stack start(Path dir, Options o) {
    Binaries.require("prometheus");
    Binaries.require("prometheus-alertmanager");
    Stack s = new Stack(dir, o);
    if (s.mail != null) {
      s.mail.start();
    }
    try {
      s.up(o);
      return s;
    } catch (RuntimeException | AssertionError e) {
      String logs = s.logs();
      s.close();
      throw new AssertionError(e.getMessage() + logs, e);
    }
  }

  private void up(Options o) {
    List<Path> rules = RuleSet.compressed(o.profile, o.compression, o.alerts, dir.resolve("rules"));
    env.put("BOTWATCH_RUN_DIR", runDir.toString());
    env.put("BOTWATCH_PROFILE", o.profile);
    env.put("BOTWATCH_RULES_DIR", rules.get(0).getParent().toString());
    env.put("BOTWATCH_NO_BUILD", "1");
    env.put("BOTWATCH_SCRAPE_INTERVAL", "1s");
    env.put("BOTWATCH_GROUP_WAIT", "1s");
    env.put("BOTWATCH_GROUP_INTERVAL", "2s");
    // With --ha the second Alertmanager waits this long for the first one's notification log; it
    // must stay below the group interval, or a node still waiting sends an out-of-date firing
    // after the resolution, and its log then takes the alert's next episode for sent.
    env.put("BOTWATCH_ALERTMANAGER_PEER_TIMEOUT", "1s");
    env.put("BOTWATCH_DEMO_TICK", o.demoTick.toMillis() + "ms");
    env.put("BOTWATCH_EXPORTER_PORT", "" + exporterPort);
    env.put("BOTWATCH_RESPONDER_PORT", "" + responderPort);
    env.put("BOTWATCH_DEMO_BOT_PORT", "" + demoBotPort);
    env.put("BOTWATCH_PROMETHEUS_PORT", "" + prometheusPort);
    env.put("BOTWATCH_ALERTMANAGER_PORT", "" + alertmanagerPort);
    env.put("BOTWATCH_SMTP_PORT", "" + smtpPort);
    env.put("BOTWATCH_MAIL_API_PORT", "" + mailApiPort);
    env.put("BOTWATCH_MAIL", o.mailCatcher ? "1" : "0");
    env.put("BOTWATCH_DEMO", o.demo ? "1" : "0");
    if (o.configDir != null) {
      env.put("BOTWATCH_CONFIG_DIR", o.configDir.toString());
    }
    env.putAll(o.env);
    String out = bin("up", Duration.ofSeconds(180));
    upOutput = out;
    if (!out.contains("botwatch is running")) {
      throw new AssertionError("bin/stack up failed:\n" + out);
    }
  }

  /** Runs {@code bin/stack <args>} with this stack's environment; returns its output. */
  public String bin(String arg, Duration timeout) {
    return bin(timeout, arg);
  }

  /** {@code bin/stack ARGS...} with this stack's settings; its output, or an error with it. */
  public String bin(Duration timeout, String... args) {
    String arg = String.join(" ", args);
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve("bin-stack-" + String.join("-", args) + ".out");
      List<String> cmd = new ArrayList<>(List.of(Binaries.root().resolve("bin/stack").toString()));
      cmd.addAll(List.of(args));
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(Binaries.root().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("bin/stack " + arg + " did not finish in " + timeout);
      }
      String output = Files.readString(log);
      if (p.exitValue() != 0) {
        throw new AssertionError("bin/stack " + arg + " exited " + p.exitValue() + ":\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String exporterUrl() {
    return "http://127.0.0.1:" + exporterPort;
  }

  public String responderUrl() {
    return "http://127.0.0.1:" + responderPort;
  }

  public String demoBotUrl() {
    return "http://127.0.0.1:" + demoBotPort;
  }

  public String alertmanagerUrl() {
    return "http://127.0.0.1:" + alertmanagerPort;
  }

  /** The HTTP API of bin/stack's mail catcher (GreenMail standalone). */
  public String mailCatcherApi() {
    return "http://127.0.0.1:" + mailApiPort;
  }

  /** The control token bin/stack generated (bot control API, emergency stop and resume). */
  public String controlToken() {
    return read(runDir.resolve("secrets/control_token")).strip();
  }

  public String webhookToken() {
    return read(runDir.resolve("secrets/webhook_token")).strip();
  }

  /** The PID bin/stack recorded for a program. */
  public long pid(String program) {
    return Long.parseLong(read(runDir.resolve(program + ".pid")).strip());
  }

  public JsonNode botStatus() {
    return Http.get(demoBotUrl() + "/status").json();
  }

  public int controlCalls(String action) {
    return botStatus().path("control_calls").path(action).asInt(0);
  }

  /** Turns a demo-bot fault on. */
  public void fault(String name) {
    Http.Response r = Http.post(demoBotUrl() + "/faults/" + name, "{}", controlToken());
    if (r.status() >= 300) {
      throw new AssertionError("fault " + name + ": " + r.status() + " " + r.body());
    }
  }

  /**
   * Waits until Prometheus has seen the 100 API requests of the bot in 5 minutes that the API
   * error-rate alerts need before they judge a rate.
   */
  public void awaitApiTraffic() {
    await("Prometheus to see enough API requests of the bot")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () ->
                prometheus.query("bot:api_requests:increase5m{bot=\"" + BOT + "\"} >= 100").size()
                    == 1);
  }

  public void awaitFiring(String alert, Duration timeout) {
    await(alert + " firing")
        .atMost(timeout)
        .ignoreExceptions()
        .until(() -> !prometheus.alerts(alert, "firing").isEmpty());
  }

  public void awaitResolved(String alert, Duration timeout) {
    await(alert + " resolved")
        .atMost(timeout)
        .ignoreExceptions()
        .until(() -> prometheus.alerts(alert, null).isEmpty());
  }

  /** Runs a test scenario on this stack, adding every program's log to a failure. */
  public void scenario(Runnable r) {
    try {
      r.run();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + logs(), e);
    }
  }

  /** True once a mail whose subject contains {@code text} reached the mail catcher. */
  public boolean mailed(String text) {
    return mailCount(text) > 0;
  }

  /** How many mails whose subject contains {@code text} reached the mail catcher. */
  public int mailCount(String text) {
    int n = 0;
    for (jakarta.mail.internet.MimeMessage m : mail.getReceivedMessages()) {
      try {
        if (String.valueOf(m.getSubject()).contains(text)) {
          n++;
        }
      } catch (jakarta.mail.MessagingException e) {
        // a message without a readable subject is not the one
      }
    }
    return n;
  }

  /**
   * The responder's recent actions and the end of every program's log, for a failure;
   * Alertmanager's line for each retry of one delivery is left out, so the lines that say why stay
   * in view.
   */
  public String logs() {
    StringBuilder sb = new StringBuilder();
    try {
      sb.append("\n===== responder actions =====\n")
          .append(Http.get(responderUrl() + "/api/v1/actions?limit=30").body());
    } catch (RuntimeException e) {
      sb.append("(responder not reachable: ").append(e.getMessage()).append(")");
    }
    for (String p :
        List.of(
            "mail",
            "demo-bot",
            "exporter",
            "responder",
            "responder-2",
            "postgres",
            "prometheus",
            "alertmanager",
            "alertmanager-2")) {
      if (Files.exists(runDir.resolve(p + ".log"))) {
        String text =
            log(p)
                .lines()
                .filter(l -> !l.contains("Notify attempt failed"))
                .map(l -> l.length() > 400 ? l.substring(0, 400) : l)
                .collect(Collectors.joining("\n"));
        sb.append("\n===== ")
            .append(p)
            .append(" =====\n")
            .append(text.length() > 6000 ? text.substring(text.length() - 6000) : text);
      }
    }
    return sb.toString();
  }

  /** Everything {@code program} has logged so far. */
  public String log(String program) {
    return read(runDir.resolve(program + ".log"));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      bin("down", Duration.ofSeconds(60));
    } catch (RuntimeException | AssertionError e) {
      // keep going: the mail server still has to stop
    } finally {
      if (mail != null) {
        mail.stop();
      }
    }
  }
}
