package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group commit: when writes complete, how many share an fsync, what a failed fsync does. */
class GroupCommitWriterTest {
  private final AtomicInteger syncs = new AtomicInteger();
  private final CountDownLatch syncEntered = new CountDownLatch(1);
  private final CountDownLatch releaseSync = new CountDownLatch(1);
  private volatile boolean blockFirstSync;
  private volatile boolean failSync;
  private GroupCommitWriter writer;

  private GroupCommitWriter start(Durability durability, long intervalMillis) {
    writer = new GroupCommitWriter(durability, intervalMillis, 1024, () -> {
      if (blockFirstSync && syncs.get() == 0) {
        syncEntered.countDown();
        releaseSync.await(5, TimeUnit.SECONDS);
      }
      if (failSync) {
        throw new java.io.IOException("No space left on device");
      }
      syncs.incrementAndGet();
    }, "test-writer");
    return writer;
  }

  @AfterEach
  void close() throws Exception {
    releaseSync.countDown();
    failSync = false;
    writer.close(() -> null).get(5, TimeUnit.SECONDS); // a second close is harmless
  }

  @Test
  void syncWriteCompletesOnlyAfterItsFsync() throws Exception {
    blockFirstSync = true;
    start(Durability.SYNC, 1000);
    CompletableFuture<String> write = writer.submit(() -> "applied");

    assertThat(syncEntered.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(write).isNotDone();
    releaseSync.countDown();
    assertThat(write.get(5, TimeUnit.SECONDS)).isEqualTo("applied");
    assertThat(syncs).hasValue(1);
  }

  @Test
  void writesArrivingDuringAnFsyncShareTheNextOne() throws Exception {
    blockFirstSync = true;
    start(Durability.SYNC, 1000);
    CompletableFuture<Object> first = writer.submit(() -> null);
    assertThat(syncEntered.await(5, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Object>> waiting = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      waiting.add(writer.submit(() -> null));
    }
    releaseSync.countDown();

    CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    assertThat(first).isDone();
    assertThat(syncs).hasValue(2); // 501 writes, 2 fsyncs
  }

  @Test
  void futuresCompleteOnTheWriterThread() throws Exception {
    blockFirstSync = true; // so the callback is attached before the future completes
    start(Durability.SYNC, 1000);
    CompletableFuture<String> thread = writer.submit(() -> null)
        .thenApply(v -> Thread.currentThread().getName());
    releaseSync.countDown();
    assertThat(thread.get(5, TimeUnit.SECONDS)).isEqualTo("test-writer");
  }

  @Test
  void aTurnOfReadOnlyOperationsTakesNoFsync() throws Exception {
    start(Durability.SYNC, 1000);
    writer.submit(() -> null).get(5, TimeUnit.SECONDS);
    for (int i = 0; i < 5; i++) {
      assertThat(writer.submitReadOnly(() -> "read").get(5, TimeUnit.SECONDS)).isEqualTo("read");
    }
    assertThat(syncs).hasValue(1);
    assertThat(writer.syncs()).isEqualTo(1);
    assertThat(writer.turns()).isEqualTo(6);
  }

  @Test
  void idleOnlyOnceEveryQueuedOperationIsDurable() throws Exception {
    blockFirstSync = true;
    start(Durability.SYNC, 1000);
    assertThat(writer.idle()).isTrue();
    CompletableFuture<Boolean> idleInItsCallback = writer.submit(() -> null)
        .thenApply(v -> writer.idle());
    assertThat(syncEntered.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(writer.idle()).isFalse(); // run and written, not yet durable
    releaseSync.countDown();
    assertThat(idleInItsCallback.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(writer.idle()).isTrue();
  }

  @Test
  void aReadOnlyOperationGroupedWithAWriteWaitsForItsFsync() throws Exception {
    blockFirstSync = true;
    start(Durability.SYNC, 1000);
    CompletableFuture<Object> first = writer.submit(() -> null);
    assertThat(syncEntered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Object> write = writer.submit(() -> null);
    CompletableFuture<String> read = writer.submitReadOnly(() -> "after the write");
    releaseSync.countDown();

    assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("after the write");
    assertThat(write).isDone();
    assertThat(first).isDone();
    assertThat(syncs).hasValue(2); // the second group, write and read, shared one fsync
  }

  @Test
  void failedFsyncFailsTheWritesItShouldHaveMadeDurable() {
    failSync = true;
    start(Durability.SYNC, 1000);
    assertThatThrownBy(() -> writer.submit(() -> "x").get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("not durable").hasMessageContaining("No space left");
  }

  @Test
  void aFailedFsyncIsCountedAndNamedUntilAGroupSucceeds() throws Exception {
    failSync = true;
    start(Durability.SYNC, 1000);
    assertThatThrownBy(() -> writer.submit(() -> "x").get(5, TimeUnit.SECONDS))
        .hasMessageContaining("No space left");
    assertThat(writer.counts.failedOps()).isEqualTo(1);
    assertThat(writer.counts.succeededOps()).isZero();
    assertThat(writer.counts.failure()).startsWith("fsync of the write-ahead log failed")
        .contains("No space left");

    failSync = false;
    assertThat(writer.submit(() -> "y").get(5, TimeUnit.SECONDS)).isEqualTo("y");
    assertThat(writer.counts.failure()).as("cleared by the group that succeeds").isNull();
    assertThat(writer.counts.succeededOps()).isEqualTo(1);
    assertThat(writer.counts.failedOps()).isEqualTo(1);
  }

  @Test
  void aFailedWriteStaysTheFailureThroughTimerFsyncsUntilAProbeWriteSucceeds() throws Exception {
    AtomicBoolean failFlush = new AtomicBoolean(true);
    AtomicBoolean probeFails = new AtomicBoolean(true);
    AtomicInteger probes = new AtomicInteger();
    writer = new GroupCommitWriter(Durability.INTERVAL, 20, 1024, () -> {
      if (failFlush.get()) {
        throw new java.io.IOException("I/O error");
      }
    }, syncs::incrementAndGet, new GroupCommitWriter.Prober() {
      @Override
      public boolean refusing() {
        return false;
      }

      @Override
      public void probe(boolean write) throws Exception {
        probes.incrementAndGet();
        if (write && probeFails.get()) {
          throw new java.io.IOException("still failing");
        }
      }
    }, "test-writer");
    assertThatThrownBy(() -> writer.submit(() -> "x").get(5, TimeUnit.SECONDS))
        .hasMessageContaining("I/O error");
    // the interval's fsyncs go on meanwhile; they do not make the failed write succeed
    await().atMost(Duration.ofSeconds(5)).until(() -> syncs.get() >= 1 && probes.get() >= 1);
    assertThat(writer.counts.failure()).startsWith("persistence write failed")
        .contains("I/O error");

    failFlush.set(false);
    probeFails.set(false);
    // no operation comes: the next probe's own write ends the failure
    await().atMost(Duration.ofSeconds(5)).until(() -> writer.counts.failure() == null);
    assertThat(writer.counts.failedOps()).isEqualTo(1);
  }

  @Test
  void operationsAreCountedWithTheirWaitUntilDurable() throws Exception {
    blockFirstSync = true;
    start(Durability.SYNC, 1000);
    CompletableFuture<Object> first = writer.submit(() -> null);
    assertThat(syncEntered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Object> bad = writer.submit(() -> {
      throw new IllegalArgumentException("bad op");
    });
    CompletableFuture<Object> second = writer.submit(() -> null);
    assertThat(writer.unfinished()).isEqualTo(3);
    releaseSync.countDown();
    CompletableFuture.allOf(first, second).get(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).hasMessageContaining("bad op");

    assertThat(writer.counts.succeededOps()).isEqualTo(2);
    assertThat(writer.counts.failedOps()).isEqualTo(1);
    assertThat(writer.unfinished()).isZero();
    assertThat(writer.syncs()).isEqualTo(2);
    assertThat(writer.counts.failure()).as("an operation's own failure is not the store's")
        .isNull();
    // each fsync is within the wait of an operation it made durable
    assertThat(writer.counts.syncNanos()).isPositive().isLessThanOrEqualTo(writer.counts.opNanos());
  }

  @Test
  void failingOperationFailsOnlyItself() throws Exception {
    start(Durability.SYNC, 1000);
    CompletableFuture<Object> bad = writer.submit(() -> {
      throw new IllegalArgumentException("bad op");
    });
    CompletableFuture<String> good = writer.submit(() -> "ok");
    assertThat(good.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).hasMessageContaining("bad op");
  }

  @Test
  void intervalWritesCompleteBeforeTheFsyncThatFollowsWithinTheInterval() throws Exception {
    blockFirstSync = true;
    start(Durability.INTERVAL, 50);
    // completes although the first fsync will block: INTERVAL does not wait for it
    assertThat(writer.submit(() -> "fast").get(5, TimeUnit.SECONDS)).isEqualTo("fast");
    assertThat(syncEntered.await(5, TimeUnit.SECONDS)).isTrue(); // the timer's fsync
    releaseSync.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> syncs.get() == 1);
  }

  @Test
  void noneNeverFsyncsUntilClose() throws Exception {
    start(Durability.NONE, 10);
    for (int i = 0; i < 20; i++) {
      writer.submit(() -> null).get(5, TimeUnit.SECONDS);
    }
    assertThat(syncs).hasValue(0);
    writer.close(() -> null).get(5, TimeUnit.SECONDS);
    assertThat(syncs).hasValue(1);
  }

  @Test
  void submitAfterCloseFails() throws Exception {
    start(Durability.SYNC, 1000);
    writer.close(() -> null).get(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> writer.submit(() -> null).get(5, TimeUnit.SECONDS))
        .hasMessageContaining("destroyed");
  }

  @Test
  void aReservedSlotRunsItsOperationBeforeWhatWasQueuedAfterIt() throws Exception {
    start(Durability.SYNC, 1000);
    List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
    WriterSlot<String> slot = writer.reserve();
    CompletableFuture<String> after = writer.submit(() -> {
      ran.add("after");
      return "after";
    });
    assertThat(after).isNotDone(); // the writer waits at the slot
    slot.fill(() -> {
      ran.add("slot");
      return "slot";
    });
    assertThat(slot.future().get(5, TimeUnit.SECONDS)).isEqualTo("slot");
    assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("after");
    assertThat(ran).containsExactly("slot", "after");
  }

  @Test
  void aCancelledSlotFailsWithItsReasonAndTheQueueGoesOn() throws Exception {
    start(Durability.SYNC, 1000);
    WriterSlot<String> slot = writer.reserve();
    CompletableFuture<String> after = writer.submit(() -> "after");
    slot.cancel(new IllegalStateException("routing failed"));
    assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("after");
    assertThatThrownBy(() -> slot.future().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("routing failed");
  }

  @Test
  void aSlotReservedAfterCloseFailsAtOnce() throws Exception {
    start(Durability.SYNC, 1000);
    writer.close(() -> null).get(5, TimeUnit.SECONDS);
    WriterSlot<String> slot = writer.reserve();
    slot.fill(() -> "never run");
    assertThatThrownBy(() -> slot.future().get(5, TimeUnit.SECONDS))
        .hasMessageContaining("destroyed");
  }
}
