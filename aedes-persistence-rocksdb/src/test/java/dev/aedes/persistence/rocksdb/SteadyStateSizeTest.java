package dev.aedes.persistence.rocksdb;

import static dev.aedes.persistence.rocksdb.RocksPersistenceRestartTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PublishPacket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivered messages leave no trace: a queue filled and emptied again and again stays small. */
class SteadyStateSizeTest {
  private static final int MESSAGES = 20_000;
  private static final int ROUNDS = 5;
  private static final long BOUND = 1L << 20; // 1 MiB; one round's messages take ~2.6 MB

  @TempDir
  Path dir;

  @Test
  void queueFilledAndClearedRepeatedlyKeepsTheDirectorySmallAfterCompaction() throws Exception {
    RocksPersistence store = RocksPersistence.open(dir); // SYNC: group commit keeps it quick
    byte[] payload = new byte[100];
    List<Long> totals = new ArrayList<>();
    List<Long> data = new ArrayList<>();
    try {
      for (int round = 0; round < ROUNDS; round++) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = 1; i <= MESSAGES; i++) {
          writes.add(store.outgoingEnqueue("c1",
              new PublishPacket("steady/" + i, payload, 1, i, false)).toCompletableFuture());
        }
        for (int i = 1; i <= MESSAGES; i++) {
          writes.add(store.outgoingClearMessageId("c1", i).toCompletableFuture());
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        assertThat(await(store.outgoingStream("c1"))).isEmpty();
        await(store.probe().compact());
        totals.add(store.probe().sizeOnDisk());
        data.add(dataBytes());
      }
    } finally {
      await(store.destroy());
    }
    System.out.println("SteadyStateSizeTest: directory bytes after each round " + totals
        + ", without RocksDB's info LOG " + data);
    assertThat(totals).allSatisfy(size -> assertThat(size).isLessThan(BOUND));
    // flat: only the manifest grows, by a few hundred bytes per compaction (the info LOG
    // grows too, but is rotated at 1 MiB and at most 3 files are kept)
    assertThat(data.get(ROUNDS - 1)).isLessThanOrEqualTo(data.get(0) + 4096);
  }

  /** Table files, write-ahead logs, manifest and options: all but RocksDB's info LOG. */
  private long dataBytes() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> !file.getFileName().toString().startsWith("LOG"))
          .mapToLong(file -> file.toFile().length()).sum();
    }
  }
}
