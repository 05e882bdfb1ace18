package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree by filter behind {@code subscriptionsByTopic} is built on the first call, from what
 * was loaded at open and changed since, and follows every change after it.
 */
class RocksSubscriptionTreeTest {
  @TempDir
  Path dir;

  private RocksPersistence open() {
    return RocksPersistence.open(dir, Durability.NONE, Duration.ofSeconds(1));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static Map<String, List<Subscription>> byTopic(RocksPersistence store, String topic)
      throws Exception {
    return await(store.subscriptionsByTopic(topic));
  }

  @Test
  void theTreeIsBuiltOnFirstUseFromLoadedAndChangedSubscriptionsThenFollowsChanges()
      throws Exception {
    RocksPersistence store = open();
    try {
      await(store.addSubscriptions("loaded", List.of(new Subscription("d/+/cmd", 1))));
    } finally {
      await(store.destroy());
    }
    RocksPersistence reopened = open();
    try {
      await(reopened.addSubscriptions("before", List.of(new Subscription("d/#", 0))));
      await(reopened.addSubscriptions("gone", List.of(new Subscription("d/1/cmd", 2))));
      await(reopened.removeSubscriptions("gone", List.of("d/1/cmd")));

      assertThat(byTopic(reopened, "d/1/cmd")).containsOnlyKeys("loaded", "before");

      await(reopened.addSubscriptions("after", List.of(new Subscription("d/1/+", 1))));
      await(reopened.removeSubscriptions("before", List.of("d/#")));
      await(reopened.cleanSubscriptions("loaded"));
      assertThat(byTopic(reopened, "d/1/cmd")).containsOnlyKeys("after");
      assertThat(byTopic(reopened, "d/1/cmd").get("after"))
          .containsExactly(new Subscription("d/1/+", 1));
    } finally {
      await(reopened.destroy());
    }
  }

  @Test
  void theFirstCallSeesTheChangesQueuedBeforeItThoughNotYetDone() throws Exception {
    RocksPersistence store = open();
    try {
      HeldFirstWrite writer = HeldFirstWrite.on(store);
      CompletionStage<Void> held = store.incomingDelPacket("other", 1);
      writer.awaitHeld();
      CompletionStage<Void> added =
          store.addSubscriptions("queued", List.of(new Subscription("q/#", 1)));
      CompletionStage<Map<String, List<Subscription>>> first = store.subscriptionsByTopic("q/1");
      writer.release();
      await(held);
      await(added);
      assertThat(await(first)).containsOnlyKeys("queued");
    } finally {
      await(store.destroy());
    }
  }

  @Test
  void aFirstCallInsideAtomicallyAnswersWithoutWaitingForTheWriter() throws Exception {
    RocksPersistence store = open();
    try {
      await(store.addSubscriptions("s", List.of(new Subscription("t/+", 1))));
      Map<String, List<Subscription>> inside = await(store.atomically(() -> {
        store.outgoingEnqueue("s", new dev.aedes.packet.PublishPacket("t/1", new byte[1], 1, 0,
            false)); // the writer now waits for this call to return
        return CompletableFuture.completedFuture(
            store.subscriptionsByTopic("t/1").toCompletableFuture().join());
      }));
      assertThat(inside).containsOnlyKeys("s");
      assertThat(byTopic(store, "t/1")).containsOnlyKeys("s");
    } finally {
      await(store.destroy());
    }
  }
}
