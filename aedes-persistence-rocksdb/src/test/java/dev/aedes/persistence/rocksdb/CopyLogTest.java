package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.CopyJournal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CopyLog} and {@link CopyLogReplay}: a record is in its segment file when it returns; at
 * open the copies that ended neither by their PUBACK nor by their queue write are back in their
 * queues, once, with their message ids; a torn record ends a segment; segments and marks go once
 * every copy in them ended; a prepared segment, zeros only, reads as empty.
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

  /** The journal's files. */
  private List<Path> journalFiles() throws IOException {
    Path journal = dir.resolve(RocksOpener.JOURNAL);
    if (!Files.isDirectory(journal)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(journal)) {
      return files.sorted().toList();
    }
  }

  private List<Path> segmentFiles() throws IOException {
    return journalFiles().stream()
        .filter(file -> CopyLogFormat.segmentNumber(file.getFileName().toString()) >= 0)
        .toList();
  }

  /**
   * Records {@code copy}, waiting while the next segment is being prepared: with the tiny
   * segments of these tests the keeper is often behind, and a record finds none ready.
   */
  private static CopyJournal.Entry recorded(CopyJournal journal, String clientId,
      PublishPacket copy) {
    CopyJournal.Entry[] entry = new CopyJournal.Entry[1];
    await().atMost(Duration.ofSeconds(5)).pollInSameThread().pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> (entry[0] = journal.record(clientId, copy)) != null);
    return entry[0];
  }

  /** The offsets of the records in a segment file, up to its first zero length. */
  private static List<Integer> recordOffsets(byte[] bytes) {
    List<Integer> offsets = new ArrayList<>();
    int offset = 0;
    while (!CopyLogFormat.endsAt(bytes, offset, bytes.length)) {
      CopyLogFormat.Read read = CopyLogFormat.read(bytes, offset, bytes.length);
      assertThat(read).as("record at %d", offset).isNotNull();
      offsets.add(offset);
      offset += read.size();
    }
    return offsets;
  }

  /** How many records the segment files hold. */
  private int recordsOnDisk() throws IOException {
    int records = 0;
    for (Path segment : segmentFiles()) {
      records += recordOffsets(Files.readAllBytes(segment)).size();
    }
    return records;
  }

  private static void writeAt(Path file, long position, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes), position);
    }
  }

  @Test
  void aRecordIsInItsSegmentFileWhenRecordReturns() throws Exception {
    RocksPersistence store = open();
    try {
      CopyJournal journal = store.copyJournal();
      assertThat(journal.record("c", copy(1, "a"))).isNotNull();
      assertThat(journal.record("c", copy(2, "b"))).isNotNull();
      // read through the file, not the mapping: what a killed JVM leaves behind
      byte[] bytes = Files.readAllBytes(segmentFiles().get(0));
      assertThat(bytes.length).as("filled with zeros up front").isEqualTo(CopyLog.SEGMENT_BYTES);
      List<Integer> offsets = recordOffsets(bytes);
      assertThat(offsets).hasSize(2);
      CopyLogFormat.Read second = CopyLogFormat.read(bytes, offsets.get(1), bytes.length);
      assertThat(second.clientId()).isEqualTo("c");
      assertThat(PacketCodec.decode(second.packet()).payload())
          .isEqualTo("b".getBytes(StandardCharsets.UTF_8));
      // the next segment is prepared meanwhile, zeros only
      await().atMost(Duration.ofSeconds(5)).until(() -> segmentFiles().size() == 2);
      assertThat(recordOffsets(Files.readAllBytes(segmentFiles().get(1)))).isEmpty();
    } finally {
      close(store);
    }
    assertThat(segmentFiles()).as("the next segment, unused, goes at close").hasSize(1);
    // a prepared segment a crash left behind is read as empty, and goes
    Files.write(dir.resolve(RocksOpener.JOURNAL).resolve(CopyLogFormat.segmentName(9)),
        new byte[4096]);
    RocksPersistence reopened = open();
    try {
      assertThat(queue(reopened, "c")).containsExactly("1:a", "2:b");
      assertThat(segmentFiles()).noneMatch(file -> file.getFileName().toString()
          .equals(CopyLogFormat.segmentName(9)));
    } finally {
      close(reopened);
    }
  }

  @Test
  void onlyCopiesThatEndedNeitherWayComeBack() throws Exception {
    RocksPersistence store = open();
    try {
      CopyJournal journal = store.copyJournal();
      CopyJournal.Entry a = journal.record("c", copy(1, "a"));
      CopyJournal.Entry b = journal.record("c", copy(2, "b"));
      CopyJournal.Entry c = journal.record("c", copy(3, "c"));
      journal.record("c", copy(4, "d"));
      CopyJournal.Entry never = journal.record("c", copy(5, "e"));
      journal.acknowledged(never);
      journal.acknowledged(never); // counted once
      journal.acknowledged(b);
      journal.enqueue("c", copy(3, "c"), c).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(a).isNotNull();
      assertThat(queue(store, "c")).containsExactly("3:c");
    } finally {
      close(store);
    }
    RocksPersistence reopened = open();
    try {
      assertThat(queue(reopened, "c")).containsExactly("3:c", "1:a", "4:d");
      assertThat(recordsOnDisk()).as("replayed segments are deleted; the next one is empty")
          .isZero();
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
  void aFailedQueueWriteLeavesTheRecordToItsPubackOrALaterWrite() throws Exception {
    RocksPersistence store = open();
    try {
      CopyJournal journal = store.copyJournal();
      CopyJournal.Entry acked = journal.record("c", copy(1, "a"));
      CopyJournal.Entry written = journal.record("c", copy(2, "b"));
      AtomicBoolean failing = new AtomicBoolean(true);
      store.probe().beforeWrite(batch -> {
        if (failing.get()) {
          throw new RocksDBException("injected write failure");
        }
      });
      assertThat(journal.enqueue("c", copy(1, "a"), acked).toCompletableFuture())
          .failsWithin(Duration.ofSeconds(5));
      assertThat(journal.enqueue("c", copy(2, "b"), written).toCompletableFuture())
          .failsWithin(Duration.ofSeconds(5));
      failing.set(false);
      journal.acknowledged(acked); // its PUBACK came after all: an ACK record ends it
      journal.enqueue("c", copy(2, "b"), written).toCompletableFuture()
          .get(5, TimeUnit.SECONDS); // written again, with its mark
      assertThat(queue(store, "c")).containsExactly("2:b");
    } finally {
      close(store);
    }
    RocksPersistence reopened = open();
    try {
      assertThat(queue(reopened, "c")).as("neither comes back from the journal")
          .containsExactly("2:b");
    } finally {
      close(reopened);
    }
  }

  @Test
  void aCopyWhoseIdWasTakenAgainIsLeftOut() throws Exception {
    RocksPersistence store = open();
    try {
      CopyJournal journal = store.copyJournal();
      // acknowledged, but its ACK record was lost: the id went to a later copy
      journal.record("c", copy(5, "old"));
      journal.record("c", copy(5, "new"));
      // the queue holds an entry under 7 (a copy written at once), so a record under 7 is stale
      store.outgoingEnqueue("c", copy(7, "queued")).toCompletableFuture().get(5, TimeUnit.SECONDS);
      journal.record("c", copy(7, "stale"));
      journal.record("other", copy(5, "other"));
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
      journal.record("c", copy(1, "a"));
      journal.record("c", copy(2, "b"));
    } finally {
      close(store);
    }
    Path segment = segmentFiles().get(0);
    byte[] bytes = Files.readAllBytes(segment);
    int end = recordOffsets(bytes).get(1)
        + CopyLogFormat.read(bytes, recordOffsets(bytes).get(1), bytes.length).size();
    // a third record with its last bytes missing, as torn pages after a machine crash leave it,
    // and a fourth whole one after it, which is not read either
    byte[] thirdBody = CopyLogFormat.copyBody("c", copy(3, "c"));
    byte[] fourthBody = CopyLogFormat.copyBody("c", copy(4, "d"));
    int thirdSize = CopyLogFormat.copySize(thirdBody);
    writeAt(segment, end, Arrays.copyOf(CopyLogFormat.makeCopy(new byte[0], 3, thirdBody),
        thirdSize - 3));
    writeAt(segment, end + thirdSize, Arrays.copyOf(
        CopyLogFormat.makeCopy(new byte[0], 4, fourthBody), CopyLogFormat.copySize(fourthBody)));
    RocksPersistence reopened = open();
    try {
      assertThat(queue(reopened, "c")).containsExactly("1:a", "2:b");
    } finally {
      close(reopened);
    }
    store = open();
    try {
      CopyJournal journal = store.copyJournal();
      journal.record("d", copy(1, "a"));
      journal.record("d", copy(2, "b"));
    } finally {
      close(store);
    }
    segment = segmentFiles().get(0);
    bytes = Files.readAllBytes(segment);
    int second = recordOffsets(bytes).get(1);
    int last = second + CopyLogFormat.read(bytes, second, bytes.length).size() - 1;
    writeAt(segment, last, new byte[] {(byte) (bytes[last] ^ 0x55)}); // fails its crc
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
        open.add(recorded(journal, "c", copy(i, "m" + i)));
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
      store.probe().barrier().toCompletableFuture().get(5, TimeUnit.SECONDS);
      // the ACK records rotated a few more; every segment holding copies goes, in order
      await().atMost(Duration.ofSeconds(5)).until(() -> log.segments().stream()
          .allMatch(segment -> segment.firstId == Long.MAX_VALUE));
      assertThat(log.segments().size()).isLessThan(copySegments);
      // on disk: those, and perhaps the next one prepared
      await().atMost(Duration.ofSeconds(5)).until(() -> segmentFiles().size()
          <= log.segments().size() + 1);
      assertThat(log.segments()).allMatch(segment -> Files.exists(segment.path));
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
    // a pool of its own: the common pool may run the four one after another
    ExecutorService pool = Executors.newFixedThreadPool(threads);
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
            open.add(recorded(journal, client, copy(i, "m" + i)));
            ids.add(i);
            if (i % 4 == 0) {
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
          for (CopyJournal.Entry entry : open) {
            journal.acknowledged(entry);
          }
          CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        }, pool));
      }
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      // every copy ended: every closed segment goes, the one written to last stays
      await().atMost(Duration.ofSeconds(5)).until(() -> log.segments().size() <= 1);
      // ACK records that found no segment ready go to the next one as soon as it is
      await().atMost(Duration.ofSeconds(5)).until(() -> log.pendingAcks() == 0);
    } finally {
      pool.shutdownNow();
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
