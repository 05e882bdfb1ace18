package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A restart (issue 7): a new broker on the store of the previous one knows the persistent
 * sessions at once, so what is published before their clients come back is queued for them.
 */
class RecoveredSessionsIT {
  @Test
  void storedSubscriptionsRouteMessagesBeforeTheirClientReconnects() throws Exception {
    MemoryPersistence store = new MemoryPersistence();
    store.addSubscriptions("stored", List.of(new Subscription("r/#", 1))).toCompletableFuture()
        .join();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store))) {
      broker.aedes().ready().toCompletableFuture().get(5, TimeUnit.SECONDS);

      broker.aedes().publish(new PublishPacket("r/1", "queued".getBytes(), 1, 0, false))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);

      assertThat(store.outgoingStream("stored").toCompletableFuture().join()).hasSize(1);
      try (PahoClient back = PahoClient.connect(broker, "stored", false)) {
        assertThat(back.sessionPresent()).isTrue();
        assertThat(back.next().payload()).isEqualTo("queued");
      }
    }
  }

  @Test
  void aPersistentSessionSurvivesABrokerRestartOnTheSameStore() throws Exception {
    MemoryPersistence store = new MemoryPersistence();
    try (TestBroker first = TestBroker.start(new AedesOptions().persistence(store))) {
      List<String> disconnected = new CopyOnWriteArrayList<>();
      first.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
      try (PahoClient sub = PahoClient.connect(first, "sleeper", false)) {
        sub.subscribe("restart/#", 2);
      }
      await().until(() -> disconnected.contains("sleeper"));
    }
    try (TestBroker second = TestBroker.start(new AedesOptions().persistence(store));
         PahoClient pub = PahoClient.connect(second, "pub", true)) {
      pub.publish("restart/a", "one", 1, false);
      pub.publish("restart/b", "two", 2, false);
      try (PahoClient back = PahoClient.connect(second, "sleeper", false)) {
        assertThat(back.sessionPresent()).isTrue();
        assertThat(back.next().payload()).isEqualTo("one");
        PahoClient.Received two = back.next();
        assertThat(two.payload()).isEqualTo("two");
        assertThat(two.qos()).isEqualTo(2);
        pub.publish("restart/c", "live", 1, false);
        assertThat(back.next().payload()).as("the restored subscription still routes")
            .isEqualTo("live");
      }
    }
  }

  @Test
  void aCleanReconnectDropsARecoveredSession() throws Exception {
    MemoryPersistence store = new MemoryPersistence();
    store.addSubscriptions("gone", List.of(new Subscription("g/#", 1))).toCompletableFuture()
        .join();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store))) {
      try (PahoClient clean = PahoClient.connect(broker, "gone", true)) {
        assertThat(clean.sessionPresent()).isFalse();
      }
      broker.aedes().publish(new PublishPacket("g/1", "nobody".getBytes(), 1, 0, false))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(store.outgoingStream("gone").toCompletableFuture().join()).isEmpty();
      assertThat(store.allSubscriptions().toCompletableFuture().join()).isEmpty();
    }
  }
}
