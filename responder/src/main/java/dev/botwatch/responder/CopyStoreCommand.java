package dev.botwatch.responder;

import dev.botwatch.common.config.ConfigException;
import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.store.SqlStore;
import dev.botwatch.responder.store.StoreCopy;
import dev.botwatch.responder.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar botwatch-responder.jar copy-store --from responder.db --config responder.yml}:
 * moves the SQLite audit trail into the PostgreSQL store that {@code responder.yml} names ({@code
 * store.postgres}), every row with its id. Run it with every responder stopped; the target must be
 * empty.
 */
@Command(
    name = CopyStoreCommand.NAME,
    mixinStandardHelpOptions = true,
    description =
        "Copy an SQLite audit store into the PostgreSQL store a responder config names"
            + " (stop the responder first; the target must be empty).")
public final class CopyStoreCommand implements Callable<Integer> {
  public static final String NAME = "copy-store";

  @Option(names = "--from", required = true, description = "the SQLite file (store.path)")
  Path from;

  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "a responder config whose store is store.postgres: the target")
  Path config;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(from)) {
      System.err.println(NAME + ": " + from + " is not a file (the SQLite audit store)");
      return 2;
    }
    ResponderConfig c;
    try {
      c = YamlConfig.load(config, ResponderConfig.class);
    } catch (ConfigException e) {
      System.err.println(NAME + ": " + e.getMessage());
      return 2;
    }
    if (c.store().postgres() == null) {
      System.err.println(NAME + ": " + config + " names no store.postgres to copy into");
      return 2;
    }
    try (SqlStore source = SqlStore.sqlite(from.toString());
        SqlStore target = Stores.open(c.store(), "copy-store")) {
      Map<String, Long> rows = StoreCopy.copy(source, target);
      rows.forEach((t, n) -> System.out.printf("%-14s %d rows%n", t, n));
      System.out.println(
          NAME + ": copied " + from + " into the PostgreSQL store; start the replicas");
      return 0;
    } catch (StoreException | IllegalStateException e) {
      System.err.println(NAME + ": " + e.getMessage());
      return 1;
    }
  }
}
