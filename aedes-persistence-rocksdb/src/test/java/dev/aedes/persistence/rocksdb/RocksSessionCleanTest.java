package dev.aedes.persistence.rocksdb;

import static dev.aedes.persistence.rocksdb.RocksPersistenceRestartTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cleaning a session, and reading a queue, cost no writer turn for a client that has no state,
 * stored or queued; for one that has some, even only queued, they still do their work.
 */
class RocksSessionCleanTest {
  @TempDir
  Path dir;
  private RocksPersistence store;

  private RocksPersistence open() {
    return RocksPersistence.open(dir, Durability.SYNC, Duration.ofSeconds(1));
  }

  @AfterEach
  void close() throws Exception {
    await(store.destroy());
  }

  private static PublishPacket packet(int messageId) {
    return new PublishPacket(false, 1, false, "t", messageId,
        "m".getBytes(StandardCharsets.UTF_8), dev.aedes.packet.Properties.EMPTY);
  }

  @Test
  void cleaningAndReadingAClientWithoutStateTakeNoTurn() throws Exception {
    store = open();
    StoreWork before = StoreWork.settle(store);

    assertThat(store.cleanSubscriptions("nobody").toCompletableFuture()).isCompleted();
    assertThat(await(store.outgoingStream("nobody"))).isEmpty();
    assertThat(await(store.outgoingReleased("nobody"))).isEmpty();

    assertThat(StoreWork.settle(store).since(before)).isEqualTo(new StoreWork(0, 0));
  }

  @Test
  void readingAQueueWithNothingQueuedBeforeTakesNoTurn() throws Exception {
    store = open();
    await(store.outgoingEnqueue("c", packet(1)));
    StoreWork before = StoreWork.settle(store);

    assertThat(await(store.outgoingStream("c"))).containsExactly(packet(1));
    assertThat(await(store.outgoingReleased("c"))).isEmpty();

    assertThat(StoreWork.settle(store).since(before)).isEqualTo(new StoreWork(0, 0));
  }

  @Test
  void readingAQueueBehindAWriteWaitsForItWithoutAnFsyncOfItsOwn() throws Exception {
    store = open();
    StoreWork before = StoreWork.settle(store);
    CompletableFuture<Void> enqueued = store.outgoingEnqueue("c", packet(1))
        .toCompletableFuture(); // not awaited: the read is queued behind it

    assertThat(await(store.outgoingStream("c"))).containsExactly(packet(1));
    assertThat(enqueued).isCompleted();
    // the enqueue's fsync, none for the read (in the enqueue's turn or one of its own)
    assertThat(StoreWork.settle(store).since(before).syncs()).isEqualTo(1);
  }

  @Test
  void aCleanRightAfterAnEnqueueNotWaitedForDeletesIt() throws Exception {
    store = open();
    CompletableFuture<Void> enqueued = store.outgoingEnqueue("c", packet(1))
        .toCompletableFuture();
    await(store.cleanSubscriptions("c"));

    assertThat(enqueued).isCompleted();
    assertThat(await(store.outgoingStream("c"))).isEmpty();
    assertThat(StoreWork.clientsWithState(store)).isZero();
  }

  @Test
  void aWriteQueuedAfterACleanKeepsItsClientKnown() throws Exception {
    store = open();
    await(store.outgoingEnqueue("c", packet(1)));
    CompletableFuture<Void> cleaned = store.cleanSubscriptions("c").toCompletableFuture();
    await(store.outgoingEnqueue("c", packet(2)));
    await(cleaned);

    assertThat(StoreWork.clientsWithState(store)).isEqualTo(1);
    assertThat(await(store.outgoingStream("c"))).containsExactly(packet(2));
    await(store.cleanSubscriptions("c"));
    assertThat(await(store.outgoingStream("c"))).isEmpty();
  }

  @Test
  void clientsWithStateAreKnownAgainAfterARestart() throws Exception {
    store = open();
    await(store.addSubscriptions("subscriber", List.of(new Subscription("a", 1))));
    await(store.putSessionExpiry("expiring", 60));
    await(store.outgoingEnqueue("queued", packet(1)));
    await(store.outgoingUpdate("released", new PubrelPacket(3)));
    await(store.incomingStorePacket("receiving", packet(4)));
    await(store.destroy());

    store = open();
    assertThat(StoreWork.clientsWithState(store)).isEqualTo(5);
    for (String id : List.of("subscriber", "expiring", "queued", "released", "receiving")) {
      await(store.cleanSubscriptions(id));
    }
    assertThat(StoreWork.clientsWithState(store)).isZero();
    await(store.destroy());

    store = open();
    assertThat(StoreWork.clientsWithState(store)).isZero();
    assertThat(await(store.allSubscriptions())).isEmpty();
    assertThat(await(store.incomingGetPacket("receiving", 4))).isNull();
  }
}
