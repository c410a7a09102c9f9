package dev.botwatch.responder;

import dev.botwatch.common.Launcher;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.store.SqlStore;
import java.util.Arrays;

/**
 * {@code java -jar botwatch-responder.jar --config responder.yml}; {@code copy-store …} moves an
 * SQLite audit trail into PostgreSQL ({@link CopyStoreCommand}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && CopyStoreCommand.NAME.equals(args[0])) {
      System.exit(CopyStoreCommand.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    Launcher.exitIfDone(
        Launcher.main(
            "responder",
            args,
            ResponderConfig.class,
            Responder::start,
            new ResponderWarmUp(),
            // SQLite's library and JDBI, loaded while the command line and config are read
            SqlStore::prime));
  }
}
