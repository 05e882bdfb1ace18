package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aedes.packet.PublishPacket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real full disk (a small tmpfs): writes fail loudly, naming the directory and the full disk,
 * reads go on, nothing acknowledged is lost, and writes succeed again as soon as space is freed,
 * without a restart.
 */
class RocksPersistenceDiskFullTest {
  private static final int LARGE = 256 << 10;
  @RegisterExtension
  final TmpfsDisk disk = TmpfsDisk.perTest(16);

  private RocksPersistence open(Path dir) {
    return RocksPersistence.open(dir, Durability.SYNC, Duration.ofMillis(50));
  }

  private static PublishPacket message(String topic, int size) {
    return new PublishPacket(topic, new byte[size], 1, 0, false);
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(5, TimeUnit.SECONDS); // bounded: a write never hangs
  }

  @Test
  void fullDiskFailsWritesClearlyKeepsReadsAndRecoversOnceSpaceIsFreed() throws Exception {
    Path dir = disk.root().resolve("db");
    RocksPersistence store = open(dir);
    int acknowledged = 0;
    try {
      for (int i = 0; i < 5; i++, acknowledged++) {
        await(store.outgoingEnqueue("c", message("before/" + i, 100)).toCompletableFuture());
      }
      await(store.storeRetained(new PublishPacket("r", new byte[] {1}, 0, 0, true))
          .toCompletableFuture());
      disk.fillLeaving(FreeSpaceGuard.SPACE_MARGIN + (4L << 20));

      ExecutionException failure = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      for (int i = 0; i < 200 && failure == null && System.nanoTime() < deadline; i++) {
        try {
          await(store.outgoingEnqueue("c", message("large/" + i, LARGE)).toCompletableFuture());
          acknowledged++;
        } catch (ExecutionException e) {
          failure = e;
        }
      }
      assertThat(failure).as("a write fails once the disk is full").isNotNull();
      assertThat(failure.getCause()).hasMessageContaining(dir.toString())
          .hasMessageContaining("disk full");
      assertThatThrownBy(() -> await(store.outgoingEnqueue("c", message("small", 10))
          .toCompletableFuture()))
          .as("a small write fails too while the disk stays full")
          .hasMessageContaining("disk full");
      RocksStats full = store.stats();
      assertThat(full.failure()).as("the store says why it fails writes")
          .contains("disk full").contains(dir.toString());
      assertThat(full.failedWrites()).isGreaterThanOrEqualTo(2);
      assertThat(full.writes()).isGreaterThanOrEqualTo(acknowledged);

      assertThat(await(store.outgoingStream("c").toCompletableFuture()))
          .as("reads go on").hasSize(acknowledged);
      assertThat(await(store.retainedMatching(List.of("#")).toCompletableFuture())).hasSize(1);

      disk.freeFiller();
      for (int i = 0; i < 3; i++, acknowledged++) {
        await(store.outgoingEnqueue("c", message("after/" + i, LARGE)).toCompletableFuture());
      }
      assertThat(store.stats().failure()).as("writes succeed again").isNull();
      assertThat(store.stats().failedWrites()).isEqualTo(full.failedWrites());
    } finally {
      await(store.destroy().toCompletableFuture());
    }
    RocksPersistence reopened = open(dir);
    try {
      List<String> topics = new ArrayList<>();
      await(reopened.outgoingStream("c").toCompletableFuture())
          .forEach(packet -> topics.add(packet.topic()));
      assertThat(topics).as("every acknowledged write is there after a reopen, in order")
          .hasSize(acknowledged)
          .startsWith("before/0", "before/1", "before/2", "before/3", "before/4")
          .endsWith("after/0", "after/1", "after/2")
          .doesNotContain("small");
    } finally {
      await(reopened.destroy().toCompletableFuture());
    }
  }

  @Test
  void aTurnMixingARefusedEnqueueWithDeletionsStillWritesTheDeletions() throws Exception {
    Path dir = disk.root().resolve("db");
    RocksPersistence store = open(dir);
    CompletableFuture<Void> refused;
    CompletableFuture<PublishPacket> cleared;
    try {
      PublishPacket sent = new PublishPacket("sent", new byte[100], 1, 5, false);
      await(store.outgoingEnqueue("c", sent).toCompletableFuture());
      await(store.outgoingEnqueue("gone", message("old", 100)).toCompletableFuture());
      disk.fillLeavingRoomForDeletesOnly();
      // larger than the room the guard last found: it looks at the disk again, and refuses
      assertThatThrownBy(() -> await(store.outgoingEnqueue("c", message("probe", 4 << 20))
          .toCompletableFuture())).hasMessageContaining("disk full");
      HeldFirstWrite writer = HeldFirstWrite.on(store);
      CompletableFuture<Void> held =
          store.incomingDelPacket("other", 1).toCompletableFuture(); // a delete: written
      writer.awaitHeld();
      refused = store.outgoingEnqueue("c", message("retried", 1000)).toCompletableFuture();
      cleared = store.outgoingClearMessageId("c", 5).toCompletableFuture();
      CompletableFuture<Void> clean = store.cleanSubscriptions("gone").toCompletableFuture();
      writer.release();
      await(held);
      await(clean); // a clean session's cleanup at CONNECT goes on too
      assertThat(await(cleared)).as("the PUBACK's clear is written").isEqualTo(sent);
      assertThatThrownBy(() -> await(refused)).hasMessageContaining("disk full");
      disk.freeFiller();
    } finally {
      await(store.destroy().toCompletableFuture());
    }
    RocksPersistence reopened = open(dir);
    try {
      assertThat(await(reopened.outgoingStream("c").toCompletableFuture()))
          .as("the cleared entry is gone, the refused one never stored").isEmpty();
      assertThat(await(reopened.outgoingStream("gone").toCompletableFuture())).isEmpty();
    } finally {
      await(reopened.destroy().toCompletableFuture());
    }
  }
}
