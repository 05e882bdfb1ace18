package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.CopyJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CopyLog} and {@link CopyLogReplay}: records are durable only once flushed; at open the
 * copies that ended neither by their PUBACK nor by their queue write are back in their queues,
 * once, with their message ids; a torn tail ends a segment; segments and marks go once every
 * copy in them ended.
 */
class CopyLogTest {
  @TempDir
  Path dir;

  private RocksPersistence open(long segmentBytes) {
    return RocksPersistence.open(dir, Durability.INTERVAL, Duration.ofMillis(50), segmentBytes);
  }

  private RocksPersistence open() {
    return open(CopyLog.SEGMENT_BYTES);
  }

  private static PublishPacket copy(int messageId, String text) {
    return new PublishPacket("t/" + text, text.getBytes(StandardCharsets.UTF_8), 1, messageId,
        false);
  }

  private static void close(RocksPersistence store) throws Exception {
    store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static List<String> queue(RocksPersistence store, String clientId) throws Exception {
    List<String> texts = new ArrayList<>();
    for (PublishPacket p : store.outgoingStream(clientId).toCompletableFuture()
        .get(5, TimeUnit.SECONDS)) {
      texts.add(p.messageId() + ":" + new String(p.payload(), StandardCharsets.UTF_8));
    }
    return texts;
  }

  private List<Path> segmentFiles() throws IOException {
    Path journal = dir.resolve(RocksOpener.JOURNAL);
    if (!Files.isDirectory(journal)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(journal)) {
      return files.sorted().toList();
    }
  }

  @Test
  void aRecordIsDurableOnlyOnceItsThreadFlushes() throws Exception {
    RocksPersistence store = open();
    try {
      CopyJournal journal = store.copyJournal();
      CompletableFuture<Void> durable = new CompletableFuture<>();
      assertThat(journal.record("c", copy(1, "a"), durable)).isNotNull();
      assertThat(durable).isNotDone();
      CompletableFuture.runAsync(journal::flush).get(5, TimeUnit.SECONDS);
      assertThat(durable).as("another thread's flush writes its own batch").isNotDone();
      journal.flush();
      assertThat(durable).isCompleted();
      assertThat(segmentFiles()).hasSize(1);
      assertThat(Files.size(segmentFiles().get(0))).isPositive();
    } finally {
      close(store);
    }
  }

  @Test
  void onlyCopiesThatEndedNeitherWayComeBack() throws Exception {
    RocksPersistence store = open();
    try {
      CopyJournal journal = store.copyJournal();
      CopyJournal.Entry a = journal.record("c", copy(1, "a"), new CompletableFuture<>());
      CopyJournal.Entry b = journal.record("c", copy(2, "b"), new CompletableFuture<>());
      CopyJournal.Entry c = journal.record("c", copy(3, "c"), new CompletableFuture<>());
      journal.record("c", copy(4, "d"), new CompletableFuture<>());
      CopyJournal.Entry never = journal.record("c", copy(5, "e"), new CompletableFuture<>());
      journal.acknowledged(never); // before its record was written: none is
      journal.flush();
      journal.acknowledged(b);
      journal.enqueue("c", copy(3, "c"), c).toCompletableFuture().get(5, TimeUnit.SECONDS);
      journal.flush();
      assertThat(a).isNotNull();
      assertThat(queue(store, "c")).containsExactly("3:c");
    } finally {
      close(store);
    }
    RocksPersistence reopened = open();
    try {
      assertThat(queue(reopened, "c")).containsExactly("3:c", "1:a", "4:d");
      assertThat(segmentFiles()).as("replayed segments are deleted").isEmpty();
      assertThat(reopened.probe().journalMarks()).isZero();
    } finally {
      close(reopened);
    }
    RocksPersistence again = open();
    try {
      assertThat(queue(again, "c")).as("nothing twice").containsExactly("3:c", "1:a", "4:d");
    } finally {
      close(again);
    }
  }

  @Test
  void aCopyWhoseIdWasTakenAgainIsLeftOut() throws Exception {
    RocksPersistence store = open();
    try {
      CopyJournal journal = store.copyJournal();
      // acknowledged, but its ACK record was lost: the id went to a later copy
      journal.record("c", copy(5, "old"), new CompletableFuture<>());
      journal.flush();
      journal.record("c", copy(5, "new"), new CompletableFuture<>());
      // the queue holds an entry under 7 (a copy written at once), so a record under 7 is stale
      store.outgoingEnqueue("c", copy(7, "queued")).toCompletableFuture().get(5, TimeUnit.SECONDS);
      journal.record("c", copy(7, "stale"), new CompletableFuture<>());
      journal.record("other", copy(5, "other"), new CompletableFuture<>());
      journal.flush();
    } finally {
      close(store);
    }
    RocksPersistence reopened = open();
    try {
      assertThat(queue(reopened, "c")).containsExactly("7:queued", "5:new");
      assertThat(queue(reopened, "other")).containsExactly("5:other");
    } finally {
      close(reopened);
    }
  }

  @Test
  void aTornRecordEndsItsSegmentAndTheRestIsIgnored() throws Exception {
    RocksPersistence store = open();
    try {
      CopyJournal journal = store.copyJournal();
      journal.record("c", copy(1, "a"), new CompletableFuture<>());
      journal.flush();
      journal.record("c", copy(2, "b"), new CompletableFuture<>());
      journal.flush();
    } finally {
      close(store);
    }
    Path segment = segmentFiles().get(0);
    // a third record cut short, as a machine crash in the middle of a write leaves it
    byte[] third = CopyLogFormat.appendCopy(new byte[0], 0, 3,
        CopyLogFormat.copyBody("c", copy(3, "c")));
    Files.write(segment, Arrays.copyOf(third, third.length - 3), StandardOpenOption.APPEND);
    RocksPersistence reopened = open();
    try {
      assertThat(queue(reopened, "c")).containsExactly("1:a", "2:b");
    } finally {
      close(reopened);
    }
    store = open();
    try {
      CopyJournal journal = store.copyJournal();
      journal.record("d", copy(1, "a"), new CompletableFuture<>());
      journal.flush();
      journal.record("d", copy(2, "b"), new CompletableFuture<>());
      journal.flush();
    } finally {
      close(store);
    }
    segment = segmentFiles().get(0);
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length - 1] ^= 0x55; // the second record fails its crc
    Files.write(segment, bytes);
    reopened = open();
    try {
      assertThat(queue(reopened, "d")).containsExactly("1:a");
    } finally {
      close(reopened);
    }
  }

  @Test
  void segmentsAndTheirMarksGoOnceEveryCopyInThemEnded() throws Exception {
    RocksPersistence store = open(512);
    try {
      CopyJournal journal = store.copyJournal();
      CopyLog log = store.copyLog();
      List<CopyJournal.Entry> open = new ArrayList<>();
      for (int i = 1; i <= 200; i++) {
        open.add(journal.record("c", copy(i, "m" + i), new CompletableFuture<>()));
        if (i % 5 == 0) {
          journal.flush();
        }
      }
      int copySegments = log.segments().size();
      assertThat(copySegments).as("rotated past 512 bytes").isGreaterThan(10);
      for (int i = 0; i < open.size(); i++) {
        if (i % 10 == 0) {
          journal.enqueue("c", copy(i + 1, "m" + (i + 1)), open.get(i))
              .toCompletableFuture().get(5, TimeUnit.SECONDS);
        } else {
          journal.acknowledged(open.get(i));
        }
      }
      journal.flush();
      store.probe().barrier().toCompletableFuture().get(5, TimeUnit.SECONDS);
      // the ACK records rotated a few more; every segment holding copies goes, in order
      await().atMost(Duration.ofSeconds(5)).until(() -> log.segments().stream()
          .allMatch(segment -> segment.firstId == Long.MAX_VALUE));
      assertThat(log.segments().size()).isLessThan(copySegments);
      await().atMost(Duration.ofSeconds(5)).until(() -> segmentFiles().size()
          == log.segments().size());
      await().atMost(Duration.ofSeconds(5)).until(() -> store.probe().journalMarks() == 0);
    } finally {
      close(store);
    }
    RocksPersistence reopened = open(512);
    try {
      List<String> written = new ArrayList<>();
      for (int i = 1; i <= 200; i += 10) {
        written.add(i + ":m" + i);
      }
      assertThat(queue(reopened, "c")).as("the copies written, once; none acknowledged")
          .containsExactlyElementsOf(written);
    } finally {
      close(reopened);
    }
  }

  @Test
  void threadsRecordingAcknowledgingAndWritingAtOnceLeaveNothingToReplay() throws Exception {
    int threads = 4;
    int perThread = 400;
    RocksPersistence store = open(1024);
    try {
      CopyJournal journal = store.copyJournal();
      CopyLog log = store.copyLog();
      List<CompletableFuture<Void>> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String client = "c" + t;
        runs.add(CompletableFuture.runAsync(() -> {
          List<CopyJournal.Entry> open = new ArrayList<>();
          List<Integer> ids = new ArrayList<>();
          List<CompletableFuture<Void>> writes = new ArrayList<>();
          for (int i = 1; i <= perThread; i++) {
            open.add(journal.record(client, copy(i, "m" + i), new CompletableFuture<>()));
            ids.add(i);
            if (i % 4 == 0) {
              journal.flush();
              // the older half of what is open ends now: one in ten by its queue write
              while (open.size() > 2) {
                CopyJournal.Entry entry = open.remove(0);
                int id = ids.remove(0);
                if (id % 10 == 0) {
                  writes.add(journal.enqueue(client, copy(id, "m" + id), entry)
                      .toCompletableFuture());
                } else {
                  journal.acknowledged(entry);
                }
              }
            }
          }
          journal.flush();
          for (CopyJournal.Entry entry : open) {
            journal.acknowledged(entry);
          }
          journal.flush();
          CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        }));
      }
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      // every copy ended: every closed segment goes, the one written to last stays
      await().atMost(Duration.ofSeconds(5)).until(() -> log.segments().size() <= 1);
    } finally {
      close(store);
    }
    RocksPersistence reopened = open(1024);
    try {
      assertThat(reopened.probe().journalMarks()).isZero();
      for (int t = 0; t < threads; t++) {
        List<String> written = new ArrayList<>();
        for (int id = 10; id <= perThread - 2; id += 10) { // the last two are acknowledged
          written.add(id + ":m" + id);
        }
        assertThat(queue(reopened, "c" + t)).as("client c%d", t)
            .containsExactlyInAnyOrderElementsOf(written);
      }
    } finally {
      close(reopened);
    }
  }
}
