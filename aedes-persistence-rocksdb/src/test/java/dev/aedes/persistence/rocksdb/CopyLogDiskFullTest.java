package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.CopyJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The journal of copies sent on a real full disk (a small tmpfs): the segments prepared before
 * the disk filled still take records (their blocks were taken up front); once none can be
 * prepared a record is refused (its publisher waits for the copy's PUBACK or queue write, as
 * without a journal) and an acknowledgement waits in memory; once there is room again the
 * journal writes again, that acknowledgement first, and nothing is lost or half-written.
 */
class CopyLogDiskFullTest {
  @RegisterExtension
  final TmpfsDisk disk = TmpfsDisk.perTest(96);

  private static PublishPacket copy(int messageId, int size) {
    byte[] payload = new byte[size];
    payload[0] = (byte) messageId;
    return new PublishPacket("t/" + messageId, payload, 1, messageId, false);
  }

  @Test
  void preparedSegmentsStillTakeRecordsThenRecordsAreRefusedUntilThereIsRoom()
      throws Exception {
    Path dir = disk.root().resolve("db");
    RocksPersistence store = RocksPersistence.open(dir, Durability.INTERVAL,
        Duration.ofMillis(50), 64L << 10);
    Set<Integer> recorded = new TreeSet<>();
    try {
      CopyJournal journal = store.copyJournal();
      CopyJournal.Entry acked = journal.record("c", copy(1, 10));
      assertThat(acked).isNotNull();
      await().atMost(Duration.ofSeconds(5)).until(() -> segments(dir) == 2); // the next one

      disk.fillLeaving(0);
      int id = 2;
      while (id < 1000 && journal.record("c", copy(id, 1024)) != null) {
        recorded.add(id++);
      }
      assertThat(recorded).as("the current segment and the prepared one took records")
          .hasSizeGreaterThan(64);
      assertThat(id).as("then a record is refused").isLessThan(1000);
      await().atMost(Duration.ofSeconds(5)).until(store.copyLog()::failing);
      assertThat(journal.record("c", copy(id, 1024))).as("while no segment can be prepared")
          .isNull();
      journal.acknowledged(acked); // no segment for its ACK record: it waits

      disk.freeFiller();
      int[] next = {id + 1};
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
        if (journal.record("c", copy(next[0], 10)) == null) {
          return false;
        }
        recorded.add(next[0]);
        return true;
      });
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    RocksPersistence reopened = RocksPersistence.open(dir, Durability.INTERVAL,
        Duration.ofMillis(50), 64L << 10);
    try {
      Set<Integer> ids = new TreeSet<>();
      for (PublishPacket p : reopened.outgoingStream("c").toCompletableFuture()
          .get(5, TimeUnit.SECONDS)) {
        ids.add(p.messageId());
        assertThat(p.payload()[0]).isEqualTo((byte) p.messageId());
      }
      assertThat(ids).as("every copy recorded comes back; 1 does not: its ACK record waited "
          + "for a segment and went to the first one there was").isEqualTo(recorded);
    } finally {
      reopened.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  private static long segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(RocksOpener.JOURNAL))) {
      return files.filter(file -> file.getFileName().toString().endsWith(".log")).count();
    }
  }
}
