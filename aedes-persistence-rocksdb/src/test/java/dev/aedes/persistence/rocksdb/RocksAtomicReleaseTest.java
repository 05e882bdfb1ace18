package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/**
 * {@link RocksPersistence#atomically} as the broker releases an incoming QoS 2 message: the
 * appends to persistent sessions' queues and the deletion of the stored PUBLISH land together
 * or not at all, whatever else the writer's turn holds (issue 7, exactly once across a crash).
 */
class RocksAtomicReleaseTest {
  private static final PublishPacket STORED = packet("in/q2", 7);
  private static final PublishPacket COPY = packet("in/q2", 0);

  @TempDir
  Path dir;

  private static PublishPacket packet(String topic, int messageId) {
    return new PublishPacket(false, 2, false, topic, messageId,
        ("payload " + topic).getBytes(StandardCharsets.UTF_8), Properties.EMPTY);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static RocksPersistence open(Path path) {
    return RocksPersistence.open(path, Durability.SYNC, Duration.ofMillis(50));
  }

  /** The release: two sessions' appends, then the deletion, as the broker's router asks. */
  private static CompletableFuture<Void> release(RocksPersistence store) {
    return store.atomically(() -> CompletableFuture.allOf(
        store.outgoingEnqueue("offline", COPY).toCompletableFuture(),
        store.outgoingEnqueue("connected", COPY).toCompletableFuture(),
        store.incomingDelPacket("publisher", 7).toCompletableFuture())).toCompletableFuture();
  }

  /**
   * Runs the release in one writer turn between other writes, one of which (a session's
   * clean) writes what is pending mid-turn; every write from number {@code crashAt} on fails,
   * as if the process had died there. Returns how many writes the run made.
   */
  private int runCrashingAt(Path path, int crashAt) throws Exception {
    RocksPersistence store = open(path);
    await(store.incomingStorePacket("publisher", STORED));
    await(store.outgoingEnqueue("gone", packet("old", 0)));
    CountDownLatch queued = new CountDownLatch(1);
    AtomicInteger writes = new AtomicInteger();
    store.probe().beforeWrite(batch -> {
      int number = writes.getAndIncrement();
      if (number == 0) {
        await(queued); // the writer waits in its first turn: the rest joins the next one
      }
      if (number >= crashAt) {
        throw new RocksDBException("crashed");
      }
    });
    List<CompletableFuture<?>> all = new ArrayList<>();
    all.add(store.storeRetained(new PublishPacket(false, 0, true, "r", 0, new byte[] {1},
        Properties.EMPTY)).toCompletableFuture());
    all.add(store.outgoingEnqueue("before", COPY).toCompletableFuture());
    all.add(release(store));
    all.add(store.cleanSubscriptions("gone").toCompletableFuture());
    all.add(store.outgoingEnqueue("after", COPY).toCompletableFuture());
    queued.countDown();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, e) -> null)
        .get(5, TimeUnit.SECONDS);
    await(store.destroy());
    return writes.get();
  }

  private static void await(CountDownLatch latch) throws RocksDBException {
    try {
      if (!latch.await(5, TimeUnit.SECONDS)) {
        throw new RocksDBException("nothing queued");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RocksDBException("interrupted");
    }
  }

  @Test
  @DisplayName("[MQTT-4.3.3-10] a crash at any write keeps the release's appends and deletion "
      + "together, never the copies with the stored PUBLISH")
  void aCrashAtAnyWriteKeepsAllOfTheReleaseOrNone() throws Exception {
    int writes = runCrashingAt(dir.resolve("whole"), Integer.MAX_VALUE);
    assertThat(writes).as("writes of the run").isGreaterThan(1);
    int completed = 0;
    for (int crashAt = 0; crashAt <= writes; crashAt++) {
      Path path = dir.resolve("crash-" + crashAt);
      runCrashingAt(path, crashAt);
      RocksPersistence reopened = open(path);
      try {
        boolean deleted = await(reopened.incomingGetPacket("publisher", 7)) == null;
        List<PublishPacket> offline = await(reopened.outgoingStream("offline"));
        List<PublishPacket> connected = await(reopened.outgoingStream("connected"));
        if (deleted) {
          completed++;
          assertThat(offline).as("crash at write %d", crashAt).containsExactly(COPY);
          assertThat(connected).as("crash at write %d", crashAt).containsExactly(COPY);
        } else {
          assertThat(offline).as("crash at write %d", crashAt).isEmpty();
          assertThat(connected).as("crash at write %d", crashAt).isEmpty();
        }
      } finally {
        await(reopened.destroy());
      }
    }
    assertThat(completed).as("runs whose release landed").isPositive();
  }

  @Test
  @DisplayName("a failed write fails the release and each of its calls, and stores none of it")
  void aFailedWriteFailsTheWholeRelease() throws Exception {
    Path path = dir.resolve("failing");
    RocksPersistence store = open(path);
    await(store.incomingStorePacket("publisher", STORED));
    store.probe().beforeWrite(batch -> {
      throw new RocksDBException("disk full");
    });
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    CompletableFuture<Void> release = store.atomically(() -> {
      calls.add(store.outgoingEnqueue("offline", COPY).toCompletableFuture());
      calls.add(store.incomingDelPacket("publisher", 7).toCompletableFuture());
      return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }).toCompletableFuture();
    assertThatThrownBy(() -> await(release)).hasMessageContaining("disk full");
    assertThat(calls).allMatch(CompletableFuture::isCompletedExceptionally);
    await(store.destroy());

    RocksPersistence reopened = open(path);
    try {
      assertThat(await(reopened.incomingGetPacket("publisher", 7))).isEqualTo(STORED);
      assertThat(await(reopened.outgoingStream("offline"))).isEmpty();
    } finally {
      await(reopened.destroy());
    }
  }

  @Test
  @DisplayName("calls inside atomically complete only once the one write is done")
  void callsInsideCompleteTogetherAfterTheCall() throws Exception {
    RocksPersistence store = open(dir.resolve("together"));
    try {
      await(store.incomingStorePacket("publisher", STORED));
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      CompletableFuture<Void> release = store.atomically(() -> {
        calls.add(store.outgoingEnqueue("offline", COPY).toCompletableFuture());
        calls.add(store.incomingDelPacket("publisher", 7).toCompletableFuture());
        assertThat(calls).noneMatch(CompletableFuture::isDone); // nothing submitted yet
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
      }).toCompletableFuture();
      await(release);
      assertThat(await(store.incomingGetPacket("publisher", 7))).isNull();
      assertThat(await(store.outgoingStream("offline"))).containsExactly(COPY);
    } finally {
      await(store.destroy());
    }
  }
}
