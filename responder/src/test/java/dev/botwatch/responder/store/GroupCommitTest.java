package dev.botwatch.responder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Concurrent webhooks share commits: N intakes that arrive while a transaction commits go into
 * fewer than N transactions, each caller returns only once its own rows are durable, and one
 * failing unit does not take the others down with it.
 */
class GroupCommitTest {
  static final Instant T = Instant.parse("2026-11-22T09:00:00Z");
  static final int N = 40;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void concurrentIntakesShareCommitsAndEachIsAcknowledgedOnlyAfterItsCommit(Backend b)
      throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(N + 1);
    try (Store s = b.open(dir)) {
      // A first unit holds the writer, so the N that follow all queue up behind it.
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<?> first =
          callers.submit(
              () ->
                  s.write(
                      tx -> {
                        holding.countDown();
                        await(release);
                        tx.notification(T, "first", "firing", "r", 1);
                        return null;
                      }));
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      Store.WriteStats before = s.writeStats();
      List<Future<Boolean>> acks = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        String key = "g" + i;
        boolean fails = i == 7;
        acks.add(
            callers.submit(
                () -> {
                  try {
                    s.write(
                        tx -> {
                          tx.notification(T, key, "firing", "r", 1);
                          if (fails) {
                            throw new IllegalStateException("unit " + key + " fails");
                          }
                          return null;
                        });
                  } catch (IllegalStateException e) {
                    return !committed(b, key); // its own row was rolled back, alone
                  }
                  // Acknowledged: its row is visible to another connection, so it committed.
                  return committed(b, key);
                }));
      }
      // Every intake is queued behind the held unit before it lets go.
      Awaitility.await("the intakes to queue")
          .atMost(Duration.ofSeconds(10))
          .until(() -> s.writeStats().queued() == N);
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      for (Future<Boolean> a : acks) {
        assertThat(a.get(20, TimeUnit.SECONDS)).isTrue();
      }
      Store.WriteStats after = s.writeStats();
      assertThat(after.units() - before.units()).isEqualTo(N + 1);
      assertThat(after.transactions() - before.transactions()).isLessThan(N).isPositive();
      assertThat(s.countNotifications()).isEqualTo(N); // the first and N-1 intakes
    } finally {
      callers.shutdownNow();
    }
  }

  private static void await(CountDownLatch l) {
    try {
      l.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean committed(Backend b, String key) {
    try (Connection c = b.connect(dir);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT COUNT(*) FROM notifications WHERE group_key = '" + key + "'")) {
      return rs.next() && rs.getInt(1) == 1;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
