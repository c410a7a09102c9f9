package dev.botwatch.responder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log is checkpointed by the checkpointer (its own thread), every so many commits.
 */
class CheckpointTest {
  static final Instant T = Instant.parse("2026-12-02T09:00:00Z");

  @TempDir Path dir;

  @Test
  void everyHundredCommitsTriggerACheckpointAndEveryRowStays() {
    try (Store s = SqlStore.sqlite(dir.resolve("s.db").toString())) {
      assertThat(s.writeStats().checkpoints()).isZero();
      int n = Checkpointer.EVERY * 2;
      for (int i = 0; i < n; i++) {
        String key = "g" + i;
        s.write(
            tx -> {
              tx.notification(T, key, "firing", "r", 1);
              return null;
            });
      }
      Awaitility.await("a checkpoint")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> s.writeStats().checkpoints() >= 1);
      assertThat(s.writeStats().transactions()).isGreaterThanOrEqualTo(n);
      assertThat(s.countNotifications()).isEqualTo(n);
    }
  }
}
