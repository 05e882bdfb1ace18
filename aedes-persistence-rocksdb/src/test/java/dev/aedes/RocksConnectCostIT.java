package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.Will;
import dev.aedes.persistence.rocksdb.Durability;
import dev.aedes.persistence.rocksdb.RocksPersistence;
import dev.aedes.persistence.rocksdb.StoreWork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What connecting and disconnecting costs a broker on RocksDB with sync durability, counted in
 * writer turns and fsyncs: a clean session without a will stores nothing, a persistent session
 * coming back to an empty queue waits for no fsync, a will is still durable before CONNACK.
 */
class RocksConnectCostIT {
  @TempDir
  Path dir;
  private final List<String> ready = new CopyOnWriteArrayList<>();
  private final List<String> disconnected = new CopyOnWriteArrayList<>();
  private RocksPersistence store;
  private TestBroker broker;

  @BeforeEach
  void start() throws Exception {
    store = RocksPersistence.open(dir, Durability.SYNC, Duration.ofSeconds(1));
    broker = TestBroker.start(new AedesOptions().persistence(store));
    broker.aedes().ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
    broker.aedes().onClientReady(client -> ready.add(client.id()));
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      broker.close();
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  /** Connects, waits until the client is ready, disconnects, waits until it is gone. */
  private ConnackPacket connectAndDisconnect(ConnectPacket connect) throws Exception {
    int readyBefore = ready.size();
    int goneBefore = disconnected.size();
    ConnackPacket connack;
    try (RawClient client = RawClient.connected(broker, connect)) {
      connack = client.connack();
      await().until(() -> ready.size() > readyBefore);
      client.send(new DisconnectPacket(0));
      await().until(() -> disconnected.size() > goneBefore);
    }
    return connack;
  }

  @Test
  void cleanConnectAndDisconnectWithoutAWillWriteNothingAndSyncNothing() throws Exception {
    StoreWork before = StoreWork.settle(store);
    for (int i = 0; i < 3; i++) {
      connectAndDisconnect(ConnectPacket.of(4, "clean-v4-" + i, true, 30));
      connectAndDisconnect(ConnectPacket.of(5, "clean-v5-" + i, true, 30));
      connectAndDisconnect(ConnectPacket.of(4, "same-id", true, 30));
    }
    assertThat(StoreWork.settle(store).since(before)).isEqualTo(new StoreWork(0, 0));
    assertThat(StoreWork.clientsWithState(store)).isZero();
  }

  @Test
  void aWillIsDurableBeforeConnackAndDeletedOnDisconnect() throws Exception {
    StoreWork before = StoreWork.settle(store);
    Will will = new Will("last/words", "bye".getBytes(StandardCharsets.UTF_8), 1, false);
    connectAndDisconnect(ConnectPacket.of(4, "willing", true, 30).withWill(will));
    // putWill before CONNACK, delWill at DISCONNECT: each its own durable turn
    assertThat(StoreWork.settle(store).since(before)).isEqualTo(new StoreWork(2, 2));
    assertThat(store.getWill("willing").toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void persistentReconnectToAnEmptyQueueWaitsForNoFsync() throws Exception {
    try (RawClient client = RawClient.connected(broker, "away", false)) {
      client.subscribe(1, new Subscription("news/#", 1));
      client.send(new DisconnectPacket(0));
      await().until(() -> disconnected.contains("away"));
    }
    StoreWork before = StoreWork.settle(store);
    for (int i = 0; i < 3; i++) {
      assertThat(connectAndDisconnect(ConnectPacket.of(4, "away", false, 30)).sessionPresent())
          .isTrue();
    }
    StoreWork reconnects = StoreWork.settle(store).since(before);
    assertThat(reconnects.syncs()).isZero();
    assertThat(reconnects.turns()).isLessThanOrEqualTo(6); // two reads per reconnect at most
  }

  @Test
  void aCleanConnectStillEndsAStoredSessionWithItsQueue() throws Exception {
    try (RawClient client = RawClient.connected(broker, "ending", false)) {
      client.subscribe(1, new Subscription("news/#", 1));
      client.send(new DisconnectPacket(0));
      await().until(() -> disconnected.contains("ending"));
    }
    broker.aedes().publish(new PublishPacket("news/a", "queued".getBytes(StandardCharsets.UTF_8),
        1, 0, false)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(store.outgoingStream("ending").toCompletableFuture().get(5, TimeUnit.SECONDS))
        .hasSize(1);

    assertThat(connectAndDisconnect(ConnectPacket.of(4, "ending", true, 30)).sessionPresent())
        .isFalse();

    assertThat(store.outgoingStream("ending").toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isEmpty();
    assertThat(store.subscriptionsByClient("ending").toCompletableFuture()
        .get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(StoreWork.clientsWithState(store)).isZero();
  }
}
