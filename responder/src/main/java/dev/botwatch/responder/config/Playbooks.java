package dev.botwatch.responder.config;

import java.util.List;
import java.util.Map;

/**
 * The built-in playbooks, named after the {@code recovery} label values of the alert rules. The
 * ladder is soft → medium → hard → manual (seed 000); {@code refresh_data} and {@code
 * restore_config} fall back to hard. {@code hard} runs the bot's {@code restart} command, {@code
 * restore_config} its {@code config_restore}. Any of them can be replaced under {@code playbooks:}.
 */
public final class Playbooks {
  public static final String MANUAL = "manual";
  public static final String NONE = "none";
  public static final String HARD = "hard";
  public static final String EMERGENCY_STOP = "emergency_stop";

  /** The emergency sequence (seed 002); {@code liquidate} runs only where enabled for the bot. */
  public static final List<String> EMERGENCY_SEQUENCE =
      List.of("stop-trading", "cancel-orders", "liquidate", "emergency-mode");

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
              null));

  private Playbooks() {}
}
