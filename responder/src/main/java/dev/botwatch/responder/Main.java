package dev.botwatch.responder;

import dev.botwatch.common.Launcher;
import dev.botwatch.responder.config.ResponderConfig;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * {@code java -jar botwatch-responder.jar --config responder.yml}; {@code copy-store …} moves an
 * SQLite audit trail into PostgreSQL ({@link CopyStoreCommand}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && CopyStoreCommand.NAME.equals(args[0])) {
      System.exit(
          new CommandLine(new CopyStoreCommand())
              .execute(Arrays.copyOfRange(args, 1, args.length)));
    }
    Launcher.exitIfDone(
        Launcher.main(
            "responder", args, ResponderConfig.class, Responder::start, new ResponderWarmUp()));
  }
}
