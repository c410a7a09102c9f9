package dev.botwatch.demobot;

import dev.botwatch.common.Launcher;
import dev.botwatch.demobot.config.DemoBotConfig;
import java.time.Clock;

/** {@code java -jar botwatch-demo-bot.jar --config demo-bot.yml}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Launcher.exitIfDone(
        Launcher.main(
            "demo-bot",
            args,
            DemoBotConfig.class,
            (vertx, cfg) -> DemoBot.start(vertx, cfg, Clock.systemDefaultZone(), System::exit)));
  }
}
