package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
}
