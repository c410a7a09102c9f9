package dev.botwatch.responder;

import dev.botwatch.common.Cli;
import dev.botwatch.common.config.ConfigException;
import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.store.SqlStore;
import dev.botwatch.responder.store.StoreCopy;
import dev.botwatch.responder.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.cli.Option;

/**
 * {@code java -jar botwatch-responder.jar copy-store --from responder.db --config responder.yml}:
 * moves the SQLite audit trail into the PostgreSQL store that {@code responder.yml} names ({@code
 * store.postgres}), every row with its id. Run it with every responder stopped; the target must be
 * empty.
 */
public final class CopyStoreCommand {
  public static final String NAME = "copy-store";

  private final Path from;
  private final Path config;

  private CopyStoreCommand(Path from, Path config) {
    this.from = from;
    this.config = config;
  }

  /** Parses {@code args} (what follows {@code copy-store}) and copies: the exit code. */
  public static int run(String[] args) {
    Cli cli =
        new Cli(
                "java -jar botwatch-responder.jar " + NAME,
                "Copy an SQLite audit store into the PostgreSQL store a responder config names"
                    + " (stop the responder first; the target must be empty).")
            .option(
                Option.builder()
                    .longOpt("from")
                    .hasArg()
                    .argName("FILE")
                    .desc("the SQLite file (store.path); required")
                    .get())
            .option(
                Option.builder("c")
                    .longOpt("config")
                    .hasArg()
                    .argName("FILE")
                    .desc("a responder config whose store is store.postgres: the target; required")
                    .get());
    Cli.Parsed p = cli.parse(NAME, args);
    if (p.done()) {
      return p.exit();
    }
    for (String required : new String[] {"from", "config"}) {
      if (!p.line().hasOption(required)) {
        return cli.usageError(NAME, "--" + required + " is required").exit();
      }
    }
    return new CopyStoreCommand(
            Path.of(p.line().getOptionValue("from")), Path.of(p.line().getOptionValue("config")))
        .call();
  }

  private int call() {
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
