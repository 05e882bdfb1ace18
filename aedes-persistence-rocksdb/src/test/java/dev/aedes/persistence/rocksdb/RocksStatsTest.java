package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PublishPacket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link RocksPersistence#stats} and {@link RocksPersistence#directoryBytes} report. */
class RocksStatsTest {
  @TempDir
  Path dir;

  @Test
  void aSyncStoreCountsItsWritesGroupsAndFsyncs() throws Exception {
    RocksPersistence store = RocksPersistence.open(dir, Durability.SYNC, Duration.ofSeconds(1));
    try {
      RocksStats opened = store.stats();
      assertThat(opened.failure()).isNull();
      assertThat(opened.pendingWrites()).isZero();
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        writes.add(store.outgoingEnqueue("c", new PublishPacket("t/" + i, new byte[100], 1, 0,
            false)).toCompletableFuture());
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

      RocksStats after = store.stats();
      assertThat(after.writes() - opened.writes()).isEqualTo(100);
      assertThat(after.failedWrites()).isZero();
      assertThat(after.pendingWrites()).isZero();
      assertThat(after.groups()).isGreaterThan(opened.groups()).isLessThanOrEqualTo(
          opened.groups() + 100);
      // group commit: every group that changed something took one fsync before completing
      assertThat(after.syncs() - opened.syncs()).isPositive()
          .isEqualTo(after.groups() - opened.groups());
      assertThat(after.syncNanos()).isGreaterThan(opened.syncNanos());
      assertThat(after.writeNanos()).isGreaterThanOrEqualTo(after.syncNanos() - opened.syncNanos());
      assertThat(after.failure()).isNull();
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void directoryBytesCountsTheFilesOfTheStore() throws Exception {
    RocksPersistence store = RocksPersistence.open(dir, Durability.SYNC, Duration.ofSeconds(1));
    try {
      long empty = store.directoryBytes();
      assertThat(empty).as("manifest, options, info log").isPositive();
      store.outgoingEnqueue("c", new PublishPacket("t", new byte[64 << 10], 1, 0, false))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(store.directoryBytes()).as("the write-ahead log holds the message")
          .isGreaterThanOrEqualTo(empty + (64 << 10));
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
