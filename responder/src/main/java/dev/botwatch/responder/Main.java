package dev.botwatch.responder;

import dev.botwatch.common.Launcher;
import dev.botwatch.responder.config.ResponderConfig;

/** {@code java -jar botwatch-responder.jar --config responder.yml}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Launcher.exitIfDone(
        Launcher.main(
            "responder", args, ResponderConfig.class, Responder::start, new ResponderWarmUp()));
  }
}
