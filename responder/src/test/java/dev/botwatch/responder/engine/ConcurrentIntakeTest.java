package dev.botwatch.responder.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.responder.Payloads;
import dev.botwatch.responder.alert.Notification;
import dev.botwatch.responder.alert.PayloadException;
import dev.botwatch.responder.alert.PayloadParser;
import dev.botwatch.responder.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks that arrive together share a commit: N intakes waiting behind a busy writer go into
 * fewer than N transactions, and each returns (so the webhook answers 200) only once its own
 * incident and planned run are durable.
 */
class ConcurrentIntakeTest {
  static final int N = 24;

  @TempDir Path dir;

  @Test
  void concurrentIntakesShareTransactionsAndReturnOnlyOnceDurable() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(N + 1);
    try (Fixture f =
        new Fixture(
            dir,
            "limits: {cooldown: 0s, max_actions_per_hour: 1000}\n"
                + "bots:\n  paper: {control: {base_url: \"http://127.0.0.1:1\"}}\n")) {
      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<?> holder =
          callers.submit(
              () ->
                  f.store.write(
                      tx -> {
                        busy.countDown();
                        try {
                          release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return null;
                      }));
      assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
      Store.WriteStats before = f.store.writeStats();
      List<Future<Boolean>> intakes = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        String fp = String.format("%016x", 0x100 + i);
        intakes.add(
            callers.submit(
                () -> {
                  Plan p = f.engine.intake().record(parser(Payloads.firing("paper", "soft", fp)));
                  // Returned: the run it planned is visible to another connection.
                  return p.runs().size() == 1 && durable(dir.resolve("r.db"), fp);
                }));
      }
      Awaitility.await("every intake queued behind the busy writer")
          .atMost(Duration.ofSeconds(10))
          .until(() -> f.store.writeStats().queued() == N);
      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
      for (Future<Boolean> i : intakes) {
        assertThat(i.get(20, TimeUnit.SECONDS)).isTrue();
      }
      Store.WriteStats after = f.store.writeStats();
      assertThat(after.units() - before.units()).isEqualTo(N + 1);
      assertThat(after.transactions() - before.transactions()).isLessThan(N);
    } finally {
      callers.shutdownNow();
    }
  }

  private static Notification parser(String body) {
    try {
      return new PayloadParser().parse(body);
    } catch (PayloadException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static boolean durable(Path db, String fingerprint) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM runs r JOIN actions a ON a.run_id = r.id"
                    + " WHERE r.fingerprint = '"
                    + fingerprint
                    + "'")) {
      return rs.next() && rs.getInt(1) == 1;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
