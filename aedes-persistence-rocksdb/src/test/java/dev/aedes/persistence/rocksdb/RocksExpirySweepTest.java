package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RocksDB side of the expiry sweep ({@link ExpiringIndex}): the index survives a restart,
 * one sweep removes at most {@link RocksPersistence#SWEEP_LIMIT} and the next goes on, and the
 * index itself is emptied, so the store does not keep what expired.
 */
class RocksExpirySweepTest {
  @TempDir
  Path dir;

  private RocksPersistence open() {
    return RocksPersistence.open(dir, Durability.NONE, Duration.ofSeconds(1));
  }

  private static PublishPacket due(String topic, long deadline) {
    return new PublishPacket(false, 1, false, topic, 0, new byte[16],
        Properties.builder().messageExpiryInterval(deadline).build());
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static long indexEntries(RocksPersistence store) {
    return store.probe().expiringEntries();
  }

  @Test
  void theIndexSurvivesARestartAndIsEmptiedBySweeps() throws Exception {
    RocksPersistence store = open();
    try {
      await(store.outgoingEnqueue("away", due("expires", 100)));
      await(store.outgoingEnqueue("away", due("stays", 1_000)));
    } finally {
      await(store.destroy());
    }
    RocksPersistence reopened = open();
    try {
      assertThat(await(reopened.outgoingDropExpired(50_000))).as("not due yet").isZero();
      assertThat(await(reopened.outgoingDropExpired(100_000))).isEqualTo(1);
      assertThat(await(reopened.outgoingStream("away"))).extracting(PublishPacket::topic)
          .containsExactly("stays");
      assertThat(indexEntries(reopened)).isEqualTo(1);
      assertThat(await(reopened.outgoingDropExpired(1_000_000))).isEqualTo(1);
      assertThat(indexEntries(reopened)).isZero();
      assertThat(await(reopened.outgoingStream("away"))).isEmpty();
    } finally {
      await(reopened.destroy());
    }
  }

  @Test
  void aSequenceTakenAgainAfterARestartNamesAnotherMessageWhichStays() throws Exception {
    RocksPersistence store = open();
    try {
      // the tail of the queue is delivered and cleared: its sequence is free again at open
      await(store.outgoingEnqueue("c", due("old", 100)));
      PublishPacket queued = await(store.outgoingStream("c")).get(0);
      await(store.outgoingUpdate("c", queued, queued.withMessageId(9, false)));
      await(store.outgoingClearMessageId("c", 9));
      assertThat(indexEntries(store)).as("sent: no longer indexed").isZero();
    } finally {
      await(store.destroy());
    }
    RocksPersistence reopened = open();
    try {
      await(reopened.outgoingEnqueue("c", new PublishPacket("fresh", new byte[1], 1, 0, false)));
      await(reopened.outgoingEnqueue("c", due("fresh-later", 900)));
      assertThat(await(reopened.outgoingDropExpired(200_000))).isZero();
      assertThat(await(reopened.outgoingStream("c"))).extracting(PublishPacket::topic)
          .containsExactly("fresh", "fresh-later");
    } finally {
      await(reopened.destroy());
    }
  }

  @Test
  void aStaleIndexEntryDoesNotRemoveTheMessageThatTookItsSequence() throws Exception {
    RocksPersistence store = open();
    try {
      await(store.outgoingEnqueue("c", due("old", 100)));
      await(store.cleanSubscriptions("c")); // the queue goes, its index entry stays till due
    } finally {
      await(store.destroy());
    }
    RocksPersistence reopened = open();
    try {
      // the queue is empty at open: its first sequence is taken again
      await(reopened.outgoingEnqueue("c", new PublishPacket("fresh", new byte[1], 1, 0, false)));
      assertThat(await(reopened.outgoingDropExpired(200_000))).isZero();
      assertThat(await(reopened.outgoingStream("c"))).extracting(PublishPacket::topic)
          .containsExactly("fresh");
      assertThat(indexEntries(reopened)).as("the stale entry is gone").isZero();
    } finally {
      await(reopened.destroy());
    }
  }

  @Test
  void aDirectoryFromBeforeTheIndexIsIndexedAtOpen() throws Exception {
    RocksPersistence store = open();
    try {
      await(store.outgoingEnqueue("away", due("expires", 100)));
      await(store.outgoingEnqueue("away", new PublishPacket("stays", new byte[1], 1, 0, false)));
      await(store.probe().forgetExpiringIndex()); // as a directory made before it
      assertThat(indexEntries(store)).isZero();
    } finally {
      await(store.destroy());
    }
    RocksPersistence reopened = open();
    try {
      assertThat(indexEntries(reopened)).isEqualTo(1);
      assertThat(await(reopened.outgoingDropExpired(200_000))).isEqualTo(1);
      assertThat(await(reopened.outgoingStream("away"))).extracting(PublishPacket::topic)
          .containsExactly("stays");
    } finally {
      await(reopened.destroy());
    }
  }

  @Test
  void aSweepRemovesAtMostItsLimitAndTheNextGoesOn() throws Exception {
    RocksPersistence store = open();
    try {
      int count = RocksPersistence.SWEEP_LIMIT + 5;
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        writes.add(store.outgoingEnqueue("c" + i % 10, due("t" + i, 100)).toCompletableFuture());
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      assertThat(await(store.outgoingDropExpired(200_000)))
          .isEqualTo(RocksPersistence.SWEEP_LIMIT);
      assertThat(await(store.outgoingDropExpired(200_000))).isEqualTo(5);
      assertThat(await(store.outgoingDropExpired(200_000))).isZero();
      for (int c = 0; c < 10; c++) {
        assertThat(await(store.outgoingStream("c" + c))).isEmpty();
      }
      assertThat(indexEntries(store)).isZero();
    } finally {
      await(store.destroy());
    }
  }
}
