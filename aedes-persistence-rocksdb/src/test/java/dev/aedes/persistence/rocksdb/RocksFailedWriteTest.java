package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/**
 * A writer turn whose write fails (as a full disk or an I/O error fails it) leaves the outgoing
 * queues' in-memory index as the disk is: a message id whose clear or enqueue failed is found,
 * or not found, as if the call had never been made; and an operation that fails by itself fails
 * alone, not the other operations of its turn. The same holds for the session expiries kept in
 * memory: one whose write or operation failed is not reported.
 */
class RocksFailedWriteTest {
  @TempDir
  Path dir;

  private static PublishPacket message(String topic, int messageId) {
    return new PublishPacket(topic, topic.getBytes(StandardCharsets.UTF_8), 1, messageId, false);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private RocksPersistence open() {
    return RocksPersistence.open(dir.resolve("db"), Durability.SYNC, Duration.ofMillis(50));
  }

  private static void failWrites(RocksPersistence store, AtomicBoolean failing) {
    store.probe().beforeWrite(batch -> {
      if (failing.get()) {
        throw new RocksDBException("injected write failure");
      }
    });
  }

  private List<String> topicsAfterReopen() throws Exception {
    RocksPersistence reopened = open();
    try {
      return await(reopened.outgoingStream("c")).stream().map(PublishPacket::topic).toList();
    } finally {
      await(reopened.destroy());
    }
  }

  @Test
  void aClearWhoseWriteFailedCanBeRepeatedAndDeletesTheEntry() throws Exception {
    RocksPersistence store = open();
    AtomicBoolean failing = new AtomicBoolean();
    try {
      failWrites(store, failing);
      await(store.outgoingEnqueue("c", message("sent", 5)));
      failing.set(true);
      assertThatThrownBy(() -> await(store.outgoingClearMessageId("c", 5)))
          .hasMessageContaining("injected write failure");
      failing.set(false);
      assertThat(await(store.outgoingClearMessageId("c", 5)))
          .as("the PUBACK sent again finds the entry the failed clear left on disk")
          .isEqualTo(message("sent", 5));
    } finally {
      await(store.destroy());
    }
    assertThat(topicsAfterReopen()).as("the entry is deleted").isEmpty();
  }

  @Test
  void anEnqueueWhoseWriteFailedLeavesNoEntryUnderItsMessageId() throws Exception {
    RocksPersistence store = open();
    AtomicBoolean failing = new AtomicBoolean();
    try {
      failWrites(store, failing);
      await(store.outgoingEnqueue("c", message("old", 7)));
      assertThat(await(store.outgoingClearMessageId("c", 7))).isEqualTo(message("old", 7));
      failing.set(true);
      assertThatThrownBy(() -> await(store.outgoingEnqueue("c", message("lost", 7))))
          .hasMessageContaining("injected write failure");
      failing.set(false);
      assertThat(await(store.outgoingClearMessageId("c", 7)))
          .as("nothing stored carries id 7").isNull();
      await(store.outgoingEnqueue("c", message("new", 7)));
    } finally {
      await(store.destroy());
    }
    assertThat(topicsAfterReopen()).containsExactly("new");
  }

  @Test
  void anEnqueueOverAnIdWhoseWriteFailedLeavesTheStoredEntryFound() throws Exception {
    RocksPersistence store = open();
    AtomicBoolean failing = new AtomicBoolean();
    try {
      failWrites(store, failing);
      await(store.outgoingEnqueue("c", message("stored", 7)));
      failing.set(true);
      assertThatThrownBy(() -> await(store.outgoingEnqueue("c", message("lost", 7))))
          .hasMessageContaining("injected write failure");
      failing.set(false);
      assertThat(await(store.outgoingClearMessageId("c", 7))).isEqualTo(message("stored", 7));
    } finally {
      await(store.destroy());
    }
    assertThat(topicsAfterReopen()).as("the stored entry is deleted").isEmpty();
  }

  @Test
  void aFailingAtomicOperationFailsAloneNotTheOthersOfItsTurn() throws Exception {
    RocksPersistence store = open();
    HeldFirstWrite writer = HeldFirstWrite.on(store);
    CompletableFuture<Void> before;
    CompletableFuture<Void> atomic;
    CompletableFuture<Void> after;
    try {
      CompletableFuture<Void> held = store.outgoingEnqueue("c", message("held", 1))
          .toCompletableFuture();
      writer.awaitHeld();
      before = store.outgoingEnqueue("c", message("before", 2)).toCompletableFuture();
      String tooDeep = "a/".repeat(200) + "b";
      atomic = store.atomically(() -> CompletableFuture.allOf(
          store.outgoingEnqueue("c", message("atomic", 3)).toCompletableFuture(),
          store.addSubscriptions("c", List.of(new Subscription(tooDeep, 1)))
              .toCompletableFuture())).toCompletableFuture();
      after = store.outgoingEnqueue("c", message("after", 4)).toCompletableFuture();
      writer.release();
      await(held);
      await(before);
      await(after);
      assertThatThrownBy(() -> await(atomic)).hasMessageContaining("too deep");
      assertThat(await(store.outgoingClearMessageId("c", 3))).as("never stored").isNull();
    } finally {
      await(store.destroy());
    }
    assertThat(topicsAfterReopen()).containsExactly("held", "before", "after");
  }

  @Test
  void aSessionExpiryWhoseWriteFailedIsNotReported() throws Exception {
    RocksPersistence store = open();
    AtomicBoolean failing = new AtomicBoolean();
    try {
      failWrites(store, failing);
      await(store.putSessionExpiry("c", 60));
      failing.set(true);
      assertThatThrownBy(() -> await(store.putSessionExpiry("c", 120)))
          .hasMessageContaining("injected write failure");
      assertThatThrownBy(() -> await(store.putSessionExpiry("d", 5)))
          .hasMessageContaining("injected write failure");
      failing.set(false);
      assertThat(await(store.allSessionExpiries()))
          .as("memory as the disk is: the stored interval, none for a client never stored")
          .isEqualTo(Map.of("c", 60L));
    } finally {
      await(store.destroy());
    }
    RocksPersistence reopened = open();
    try {
      assertThat(await(reopened.allSessionExpiries())).isEqualTo(Map.of("c", 60L));
    } finally {
      await(reopened.destroy());
    }
  }

  @Test
  void aSessionExpiryInAFailingAtomicOperationIsNotReported() throws Exception {
    RocksPersistence store = open();
    try {
      String tooDeep = "a/".repeat(200) + "b";
      CompletableFuture<Void> atomic = store.atomically(() -> CompletableFuture.allOf(
          store.putSessionExpiry("c", 60).toCompletableFuture(),
          store.addSubscriptions("c", List.of(new Subscription(tooDeep, 1)))
              .toCompletableFuture())).toCompletableFuture();
      assertThatThrownBy(() -> await(atomic)).hasMessageContaining("too deep");
      assertThat(await(store.allSessionExpiries())).as("dropped with its operation").isEmpty();
    } finally {
      await(store.destroy());
    }
  }
}
