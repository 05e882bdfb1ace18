package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything stored is back, in order, after the store is closed and opened again. */
class RocksPersistenceRestartTest {
  @TempDir
  Path dir;

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static PublishPacket packet(String topic, int qos, int messageId) {
    return new PublishPacket(false, qos, false, topic, messageId,
        ("payload " + topic).getBytes(StandardCharsets.UTF_8),
        Properties.builder().userProperty("k", topic).messageExpiryInterval(60L).build());
  }

  private RocksPersistence reopen(RocksPersistence store, Durability durability)
      throws Exception {
    await(store.destroy());
    return RocksPersistence.open(dir, durability, Duration.ofMillis(50));
  }

  @Test
  void sessionStateSurvivesARestart() throws Exception {
    RocksPersistence store = RocksPersistence.open(dir);
    await(store.addSubscriptions("c1", List.of(new Subscription("a/#", 1)), 7));
    await(store.addSubscriptions("c1", List.of(new Subscription("b", 2)), 0));
    await(store.putSessionExpiry("c1", 300));
    await(store.outgoingEnqueue("c1", packet("o/1", 2, 11)));
    await(store.outgoingEnqueue("c1", packet("o/2", 2, 12)));
    await(store.outgoingUpdate("c1", new PubrelPacket(11)));

    store = reopen(store, Durability.SYNC);
    try {
      assertThat(await(store.allSubscriptionIdentifiers()))
          .isEqualTo(Map.of("c1", Map.of("a/#", 7)));
      assertThat(await(store.subscriptionsByClient("c1"))).containsOnlyKeys("a/#", "b");
      assertThat(await(store.allSessionExpiries())).isEqualTo(Map.of("c1", 300L));
      assertThat(await(store.outgoingReleased("c1"))).containsExactly(11);
      assertThat(await(store.outgoingStream("c1"))).containsExactly(packet("o/2", 2, 12));
      assertThat(await(store.outgoingClearMessageId("c1", 11))).isNull();
      assertThat(await(store.outgoingReleased("c1"))).isEmpty();
    } finally {
      await(store.destroy());
    }
  }

  @Test
  void everyKindOfRecordSurvivesARestart() throws Exception {
    RocksPersistence store = RocksPersistence.open(dir);
    PublishPacket retained = new PublishPacket(false, 1, true, "r/1", 0,
        "kept".getBytes(StandardCharsets.UTF_8), Properties.builder().contentType("text").build());
    Subscription v5 = new Subscription("s/+/x", 2, true, true, 2);
    PublishPacket will = new PublishPacket(false, 1, true, "will/c1", 0,
        "gone".getBytes(StandardCharsets.UTF_8),
        Properties.builder().willDelayInterval(30L).build());
    await(store.storeRetained(retained));
    await(store.addSubscriptions("c1", List.of(v5, new Subscription("a/#", 1))));
    await(store.incomingStorePacket("c1", packet("in/1", 2, 300)));
    await(store.putWill("c1", "broker-1", will));

    store = reopen(store, Durability.SYNC);
    try {
      assertThat(await(store.retainedMatching(List.of("r/#")))).containsExactly(retained);
      assertThat(await(store.subscriptionsByClient("c1")))
          .containsOnly(Map.entry("s/+/x", v5), Map.entry("a/#", new Subscription("a/#", 1)));
      assertThat(await(store.subscriptionsByTopic("s/y/x"))).containsOnly(
          Map.entry("c1", List.of(v5)));
      assertThat(await(store.getClientList("a/#"))).containsExactly("c1");
      assertThat(await(store.allSubscriptions())).containsOnly(Map.entry("c1",
          Map.of("s/+/x", v5, "a/#", new Subscription("a/#", 1))));
      assertThat(await(store.incomingGetPacket("c1", 300))).isEqualTo(packet("in/1", 2, 300));
      assertThat(await(store.streamWill(List.of()))).containsOnly(Map.entry("c1", will));
      assertThat(await(store.streamWill(List.of("broker-1")))).isEmpty();
    } finally {
      await(store.destroy());
    }
  }

  @Test
  void outgoingQueueKeepsItsOrderAndMessageIdsAcrossRestarts() throws Exception {
    RocksPersistence store = RocksPersistence.open(dir);
    for (int i = 0; i < 5; i++) {
      await(store.outgoingEnqueue("c1", packet("q/" + i, 1, 0)));
    }
    List<PublishPacket> queued = await(store.outgoingStream("c1"));
    PublishPacket sent0 = queued.get(0).withMessageId(10, false);
    PublishPacket sent1 = queued.get(1).withMessageId(11, false);
    await(store.outgoingUpdate("c1", queued.get(0), sent0));
    await(store.outgoingUpdate("c1", queued.get(1), sent1));

    store = reopen(store, Durability.INTERVAL);
    try {
      assertThat(await(store.outgoingStream("c1"))).containsExactly(sent0, sent1,
          packet("q/2", 1, 0), packet("q/3", 1, 0), packet("q/4", 1, 0));
      // the message id index is rebuilt: an ack after the restart finds its entry
      assertThat(await(store.outgoingClearMessageId("c1", 11))).isEqualTo(sent1);
      // and new entries go after the old ones
      await(store.outgoingEnqueue("c1", packet("q/5", 1, 0)));
      store = reopen(store, Durability.NONE);
      assertThat(store.outgoingStream("c1").toCompletableFuture().get().stream()
          .map(PublishPacket::topic)).containsExactly("q/0", "q/2", "q/3", "q/4", "q/5");
      PublishPacket resent = sent0.withMessageId(12, true);
      await(store.outgoingUpdate("c1", sent0, resent));
      assertThat(await(store.outgoingClearMessageId("c1", 12))).isEqualTo(resent);
    } finally {
      await(store.destroy());
    }
  }

  @Test
  void cleanedClientStaysCleanAfterARestart() throws Exception {
    RocksPersistence store = RocksPersistence.open(dir);
    await(store.addSubscriptions("c1", List.of(new Subscription("a", 1))));
    await(store.addSubscriptions("c10", List.of(new Subscription("a", 1))));
    await(store.outgoingEnqueue("c1", packet("a", 1, 5)));
    await(store.outgoingEnqueue("c10", packet("a", 1, 5)));
    await(store.cleanSubscriptions("c1"));

    store = reopen(store, Durability.SYNC);
    try {
      assertThat(await(store.subscriptionsByTopic("a"))).containsOnlyKeys("c10");
      assertThat(await(store.outgoingStream("c1"))).isEmpty();
      assertThat(await(store.outgoingStream("c10"))).containsExactly(packet("a", 1, 5));
    } finally {
      await(store.destroy());
    }
  }
}
