package dev.botwatch.responder.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.common.http.ServerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The responder's whole configuration, one immutable tree loaded from {@code responder.yml}.
 * Defaults live in the compact constructors; built-in playbooks ({@link Playbooks#DEFAULTS}) are
 * merged under the configured ones, so a file only names what it changes.
 */
public record ResponderConfig(
    ServerConfig server,
    String host,
    WebhookConfig webhook,
    ControlConfig control,
    StoreConfig store,
    Boolean dryRun,
    Profile profile,
    Map<String, BotConfig> bots,
    Map<String, PlaybookConfig> playbooks,
    List<OverrideConfig> overrides,
    LimitsConfig limits,
    @JsonProperty("notify") NotifyConfig notifications,
    WatchdogSettings watchdog,
    ReportConfig report)
    implements Validatable {
  public static final int DEFAULT_PORT = 9320;

  /**
   * A bot's name is used as {@code {{bot}}} in URLs, file paths and argv, so it is a plain name:
   * never {@code .}/{@code ..}, never a leading {@code -} or {@code .}.
   */
  private static final Pattern BOT_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

  public ResponderConfig {
    server = server == null ? ServerConfig.of("127.0.0.1", DEFAULT_PORT) : server;
    if (server.port() == null) {
      server = server.withPort(DEFAULT_PORT);
    }
    webhook = webhook == null ? new WebhookConfig(null, null, null) : webhook;
    control = control == null ? new ControlConfig(null) : control;
    store = store == null ? new StoreConfig(null, null, null) : store;
    dryRun = dryRun != null && dryRun;
    profile = profile == null ? Profile.PRODUCTION : profile;
    bots = bots == null ? Map.of() : Map.copyOf(bots);
    Map<String, PlaybookConfig> merged = new LinkedHashMap<>(Playbooks.DEFAULTS);
    if (playbooks != null) {
      merged.putAll(playbooks);
    }
    playbooks = Map.copyOf(merged);
    overrides = overrides == null ? List.of() : List.copyOf(overrides);
    limits = limits == null ? LimitsConfig.defaults() : limits;
    notifications = notifications == null ? new NotifyConfig(null, null) : notifications;
    watchdog = watchdog == null ? new WatchdogSettings(null, null) : watchdog;
    report = report == null ? ReportConfig.absent() : report;
  }

  @Override
  public void validate(String path, Problems p) {
    server.validate("server", p);
    BotConfig.validateHost(host, "host", p);
    webhook.validate("webhook", p);
    control.validate("control", p);
    store.validate("store", p);
    bots.forEach(
        (name, bot) -> {
          p.require(
              BOT_NAME.matcher(name).matches() && !name.contains(".."),
              "bots." + name,
              "is not a valid bot name (1-64 of A-Z a-z 0-9 _ . -, starting with a letter, digit"
                  + " or _, no '..')");
          if (bot == null) {
            p.add("bots." + name, "must be a mapping");
          } else {
            bot.validate("bots." + name, p);
            onThisHost("bots." + name, bot, p);
          }
        });
    playbooks.forEach(
        (name, pb) -> {
          if (pb == null) {
            p.add("playbooks." + name, "must be a mapping");
            return;
          }
          pb.validate("playbooks." + name, p);
          String next = pb.escalateTo();
          p.require(
              next == null || Playbooks.MANUAL.equals(next) || playbooks.containsKey(next),
              "playbooks." + name + ".escalate_to",
              "names no playbook (known: " + known() + ", manual)");
        });
    for (int i = 0; i < overrides.size(); i++) {
      OverrideConfig o = overrides.get(i);
      o.validate("overrides[" + i + "]", p);
      p.require(
          o.playbook() == null
              || playbooks.containsKey(o.playbook())
              || "none".equals(o.playbook()),
          "overrides[" + i + "].playbook",
          "names no playbook (known: " + known() + ", none)");
      p.require(
          o.bot() == null || bots.containsKey(o.bot()),
          "overrides[" + i + "].bot",
          "names no configured bot (known: " + new TreeSet<>(bots.keySet()) + ")");
    }
    EmergencyChecks.validate(this, p);
    limits.validate("limits", p);
    notifications.validate("notify", p);
    watchdog.validate("watchdog", p);
    report.validate("report", p);
    report.validateWith(notifications, "report", p);
  }

  /**
   * Commands and file restores run where the responder runs: a bot declared on another host ({@code
   * bots.<bot>.host}, compared with the top-level {@code host}) may have neither.
   */
  private void onThisHost(String path, BotConfig bot, Problems p) {
    if (bot.host() == null || bot.host().equals(host)) {
      return;
    }
    String where =
        "runs on the responder's host ("
            + (host == null ? "top-level host: unset" : host)
            + "), not on "
            + bot.host()
            + " where this bot runs";
    p.require(
        bot.restart() == null, path + ".restart", where + "; remove it or run a responder there");
    p.require(
        bot.configRestore() == null,
        path + ".config_restore",
        where + "; remove it or run a responder there");
  }

  /** Names of every configured playbook, sorted, for error messages. */
  List<String> known() {
    List<String> names = new ArrayList<>(playbooks.keySet());
    names.sort(null);
    return names;
  }

  /** True when dry-run applies to this step: globally, per step, or emergency in development. */
  public boolean dryRunFor(String playbook, boolean stepDryRun) {
    return dryRun || stepDryRun || (profile == Profile.DEVELOPMENT && isEmergency(playbook));
  }

  /**
   * True for a playbook that is an emergency stop: the two built-in sequences and every playbook a
   * bot names as its {@code emergency_playbook}. An alert that names any of them runs the bot's own
   * sequence, never capped, latched.
   */
  public boolean isEmergency(String playbook) {
    if (Playbooks.EMERGENCY_STOP.equals(playbook)
        || Playbooks.FREQTRADE_EMERGENCY_STOP.equals(playbook)) {
      return true;
    }
    for (BotConfig b : bots.values()) {
      if (b != null && playbook != null && playbook.equals(b.emergencyPlaybook())) {
        return true;
      }
    }
    return false;
  }

  /** The emergency sequence {@code bot} runs (see {@link BotConfig#emergencyPlaybookOrDefault}). */
  public String emergencyPlaybookFor(String bot) {
    BotConfig b = bots.get(bot);
    return b == null ? Playbooks.EMERGENCY_STOP : b.emergencyPlaybookOrDefault();
  }
}
