package dev.botwatch.responder.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One bot's jobs one at a time and in order, urgent ones first; bots independent. */
class BotQueuesTest {
  final ManualExecutor executor = new ManualExecutor();
  final BotQueues queues = new BotQueues(executor);
  final List<String> ran = new ArrayList<>();

  @Test
  void urgentJobsJumpQueuedOnesButNeverTheRunningOne() {
    queues.submit(
        "a",
        BotQueues.Priority.NORMAL,
        () -> {
          ran.add("a1");
          // Arrive while a1 runs: a3 (urgent) overtakes a2, not a1.
          queues.submit("a", BotQueues.Priority.NORMAL, () -> ran.add("a2"));
          queues.submit("a", BotQueues.Priority.URGENT, () -> ran.add("a3"));
        });
    queues.submit("b", BotQueues.Priority.NORMAL, () -> ran.add("b1"));
    executor.runAll();
    assertThat(ran).containsExactly("a1", "a3", "a2", "b1");
  }

  @Test
  void aFailingJobDoesNotStopItsBotsQueue() {
    queues.submit(
        "a",
        BotQueues.Priority.NORMAL,
        () -> {
          throw new IllegalStateException("boom");
        });
    queues.submit("a", BotQueues.Priority.NORMAL, () -> ran.add("after"));
    executor.runAll();
    assertThat(ran).containsExactly("after");
  }

  @Test
  void oneDrainPerBotAtATime() {
    List<Runnable> drains = new ArrayList<>();
    BotQueues q = new BotQueues(drains::add);
    q.submit("a", BotQueues.Priority.NORMAL, () -> ran.add("a1"));
    q.submit("a", BotQueues.Priority.NORMAL, () -> ran.add("a2"));
    q.submit("b", BotQueues.Priority.NORMAL, () -> ran.add("b1"));
    assertThat(drains).hasSize(2); // a's second job waits in a's queue
    drains.get(0).run();
    assertThat(ran).containsExactly("a1", "a2");
    q.close();
    drains.get(1).run();
    assertThat(ran).containsExactly("a1", "a2"); // closed: queued jobs stay planned in the store
  }
}
