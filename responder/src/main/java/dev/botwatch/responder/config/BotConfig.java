package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;

/**
 * One bot the responder may act on, keyed by the alert's {@code bot} label.
 *
 * <pre>{@code
 * bots:
 *   paper:
 *     control: {base_url: http://127.0.0.1:9330, token: {env: PAPER_TOKEN}, timeout: 5s}
 *     liquidation_enabled: false   # emergency stop never flattens positions unless true
 *     restart: {argv: [systemctl, restart, paper-bot], timeout: 60s}   # the hard playbook
 *     config_restore: {path: /srv/paper/config.json, known_good: /srv/known-good/config.json}
 *   ft:
 *     freqtrade: {base_url: http://127.0.0.1:8080, username: freqtrader, password: {env: FT_PW}}
 *     emergency_playbook: freqtrade_emergency_stop   # the default for a Freqtrade-only bot
 *     host: vps1                   # where the bot runs (its exporter's file_sd `host` label)
 * }</pre>
 *
 * {@code restart} and {@code config_restore} act on the responder's own host: with {@code host}
 * naming another one than the responder's top-level {@code host}, the config is refused.
 */
public record BotConfig(
    ControlApiConfig control,
    Boolean liquidationEnabled,
    CommandConfig restart,
    RestoreFileConfig configRestore,
    FreqtradeConfig freqtrade,
    String emergencyPlaybook,
    String host)
    implements Validatable {
  public BotConfig {
    liquidationEnabled = liquidationEnabled != null && liquidationEnabled;
  }

  /**
   * The playbook an emergency stop runs on this bot: {@code emergency_playbook} if set, else the
   * sequence for how the bot is controlled: its control API ({@code emergency_stop}) or, for a bot
   * with only a {@code freqtrade} section, {@code freqtrade_emergency_stop}.
   */
  public String emergencyPlaybookOrDefault() {
    if (emergencyPlaybook != null) {
      return emergencyPlaybook;
    }
    return control == null && freqtrade != null
        ? Playbooks.FREQTRADE_EMERGENCY_STOP
        : Playbooks.EMERGENCY_STOP;
  }

  @Override
  public void validate(String path, Problems p) {
    validateHost(host, path + ".host", p);
    if (control != null) {
      control.validate(path + ".control", p);
    }
    if (restart != null) {
      restart.validate(path + ".restart", p);
    }
    if (freqtrade != null) {
      freqtrade.validate(path + ".freqtrade", p);
    }
    if (configRestore != null) {
      configRestore.validate(path + ".config_restore", p);
    }
    if (emergencyPlaybook != null) {
      p.notBlank(emergencyPlaybook, path + ".emergency_playbook");
    }
  }

  /** A host name as the file_sd {@code host} label gives it; absent is fine. */
  static void validateHost(String host, String path, Problems p) {
    p.require(
        host == null || host.matches("[A-Za-z0-9_.-]{1,64}"),
        path,
        "must be a host name of letters, digits, '.', '_' or '-' (at most 64)");
  }
}
