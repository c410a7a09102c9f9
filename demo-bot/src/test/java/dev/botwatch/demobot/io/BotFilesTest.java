package dev.botwatch.demobot.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.demobot.sim.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BotFilesTest {
  @TempDir Path dir;

  @Test
  void preparesConfigKnownGoodCopyAndPid() throws Exception {
    BotFiles f =
        new BotFiles(
            dir.resolve("a/strategy.json"), dir.resolve("b/prices.json"), dir.resolve("c/bot.pid"));
    f.prepare();
    assertThat(f.readConfig()).isEqualTo(Strategy.Check.valid(Strategy.DEFAULT));
    assertThat(f.knownGood()).hasSameTextualContentAs(dir.resolve("a/strategy.json"));
    assertThat(Files.readString(dir.resolve("c/bot.pid")).strip())
        .isEqualTo(String.valueOf(ProcessHandle.current().pid()));

    f.writePrices(1795000000.5, Map.of("BTC/USDT", 100.25));
    assertThat(Files.readString(dir.resolve("b/prices.json")))
        .isEqualTo("{\"updated\": 1.7950000005E9, \"prices\": {\"BTC/USDT\": 100.25}}\n");

    f.removePid();
    assertThat(dir.resolve("c/bot.pid")).doesNotExist();
  }

  @Test
  void breaksAndRestoresTheConfig() throws Exception {
    Path config = dir.resolve("strategy.json");
    Strategy mine = new Strategy("meanrev", 3, 10, java.util.List.of("ETH/USDT"));
    Files.writeString(config, mine.toJson());
    BotFiles f = new BotFiles(config, null, null);
    f.prepare();
    assertThat(f.readConfig().strategy()).isEqualTo(mine); // an existing file is kept
    f.breakConfig();
    assertThat(f.readConfig().error()).startsWith("invalid JSON");
    assertThat(f.knownGood()).content().contains("meanrev"); // the copy stays good
    Files.copy(f.knownGood(), config, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(f.readConfig().strategy()).isEqualTo(mine);
    Files.delete(config);
    assertThat(f.readConfig().error()).isEqualTo("file is missing");
  }
}
