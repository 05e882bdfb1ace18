package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.CopyJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The journal of copies sent on a real full disk (a small tmpfs): a record that cannot be
 * written leaves its publisher waiting (for the copy's PUBACK or queue write, as without a
 * journal), the journal takes no records for a second, and writes again once there is room; an
 * acknowledgement made meanwhile is not lost, and nothing half-written comes back.
 */
class CopyLogDiskFullTest {
  @RegisterExtension
  final TmpfsDisk disk = TmpfsDisk.perTest(16);

  private static PublishPacket copy(int messageId, int size) {
    byte[] payload = new byte[size];
    payload[0] = (byte) messageId;
    return new PublishPacket("t/" + messageId, payload, 1, messageId, false);
  }

  @Test
  void aFailedWriteLeavesItsCopiesWaitingAndTheJournalWritesAgainOnceThereIsRoom()
      throws Exception {
    Path dir = disk.root().resolve("db");
    RocksPersistence store = RocksPersistence.open(dir, Durability.INTERVAL,
        Duration.ofMillis(50));
    try {
      CopyJournal journal = store.copyJournal();
      CompletableFuture<Void> first = new CompletableFuture<>();
      CopyJournal.Entry acked = journal.record("c", copy(1, 10), first);
      journal.flush();
      assertThat(first).isCompleted();

      disk.fillLeaving(0);
      CompletableFuture<Void> large = new CompletableFuture<>();
      journal.record("c", copy(2, 256 << 10), large);
      journal.acknowledged(acked); // its ACK record goes in the batch that fails
      journal.flush();
      assertThat(large).as("not durable: its publisher waits").isNotDone();
      assertThat(journal.record("c", copy(3, 10), new CompletableFuture<>()))
          .as("no records right after a failure").isNull();

      disk.freeFiller();
      List<CompletableFuture<Void>> later = new ArrayList<>();
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (journal.record("c", copy(4 + later.size(), 10), durable) == null) {
          return false;
        }
        later.add(durable);
        journal.flush();
        return durable.isDone();
      });
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    RocksPersistence reopened = RocksPersistence.open(dir, Durability.INTERVAL,
        Duration.ofMillis(50));
    try {
      List<Integer> ids = new ArrayList<>();
      for (PublishPacket p : reopened.outgoingStream("c").toCompletableFuture()
          .get(5, TimeUnit.SECONDS)) {
        ids.add(p.messageId());
        assertThat(p.payload()[0]).isEqualTo((byte) p.messageId());
      }
      assertThat(ids).as("1 was acknowledged (its ACK record went with the batch after the "
          + "failure); the record written once there was room comes back").doesNotContain(1)
          .contains(4);
    } finally {
      reopened.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
