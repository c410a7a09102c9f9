package dev.botwatch.responder.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in playbooks, named after the {@code recovery} label values of the alert rules. The
 * ladder is soft → medium → hard → manual, cheapest and least disruptive first; {@code
 * refresh_data} and {@code restore_config} fall back to hard. {@code hard} runs the bot's {@code
 * restart} command, {@code restore_config} its {@code config_restore}. Any of them can be replaced
 * under {@code playbooks:}.
 *
 * <p>Two emergency sequences are built in, one per way a bot is controlled: {@code emergency_stop}
 * through the bot's control API, {@code freqtrade_emergency_stop} through Freqtrade's REST API.
 * Each bot runs its own ({@code bots.<bot>.emergency_playbook}, else the one for how it is
 * controlled) whichever emergency playbook an alert names.
 */
public final class Playbooks {
  public static final String MANUAL = "manual";
  public static final String NONE = "none";
  public static final String HARD = "hard";
  public static final String EMERGENCY_STOP = "emergency_stop";
  public static final String FREQTRADE_EMERGENCY_STOP = "freqtrade_emergency_stop";

  /**
   * The control API's emergency sequence: no new entries, no open orders, flat (only where enabled
   * for the bot), then the bot latched in emergency mode.
   */
  public static final List<String> EMERGENCY_SEQUENCE =
      List.of("stop-trading", "cancel-orders", "liquidate", "emergency-mode");

  /**
   * Steps that flatten positions (the control API's {@code liquidate}, Freqtrade's {@code
   * force_exit_all}), in any playbook: only where {@code liquidation_enabled}, at most once per
   * emergency latch, never retried, never repeated after a restart.
   */
  public static final Set<String> LIQUIDATING = Set.of("liquidate", "force_exit_all");

  /**
   * Emergency steps that do the same thing however often they run: after a crash in the middle of
   * one of them it runs again, so a restart never leaves a bot half-stopped.
   */
  public static final Set<String> IDEMPOTENT_EMERGENCY =
      Set.of(
          "stop-trading",
          "cancel-orders",
          "emergency-mode",
          "stop_entries",
          "cancel_open_orders",
          "stop");

  public static final Map<String, PlaybookConfig> DEFAULTS =
      Map.of(
          "soft",
          new PlaybookConfig(List.of(StepConfig.Http.of("reset-connections")), "medium", null),
          "medium",
          new PlaybookConfig(
              List.of(
                  new StepConfig.Http(
                      "restart-component", "{\"component\": \"{{component}}\"}", false)),
              HARD,
              null),
          HARD,
          new PlaybookConfig(List.of(new StepConfig.Command(null, null, false)), MANUAL, null),
          "refresh_data",
          new PlaybookConfig(List.of(StepConfig.Http.of("refresh-data")), HARD, null),
          "restore_config",
          new PlaybookConfig(List.of(new StepConfig.RestoreFile(null, null, false)), HARD, null),
          EMERGENCY_STOP,
          new PlaybookConfig(
              List.of(
                  StepConfig.Http.of("stop-trading"),
                  StepConfig.Http.of("cancel-orders"),
                  StepConfig.Http.of("liquidate"),
                  new StepConfig.Http("emergency-mode", "{\"active\": true}", false)),
              null,
              null),
          FREQTRADE_EMERGENCY_STOP,
          new PlaybookConfig(
              List.of(
                  new StepConfig.Freqtrade("stop_entries", false),
                  new StepConfig.Freqtrade("cancel_open_orders", false),
                  new StepConfig.Freqtrade("force_exit_all", false),
                  new StepConfig.Freqtrade("stop", false)),
              null,
              null));

  /**
   * True for the step that leaves a bot stopped: the control API's {@code emergency-mode} (the bot
   * latches and trades no more) or Freqtrade's {@code stop}. Every emergency sequence ends with
   * one.
   */
  public static boolean stopsBot(StepConfig s) {
    return (s instanceof StepConfig.Http h && "emergency-mode".equals(h.endpoint()))
        || (s instanceof StepConfig.Freqtrade f && "stop".equals(f.operation()));
  }

  private Playbooks() {}
}
