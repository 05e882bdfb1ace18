package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write asked for inside {@link RocksPersistence#atomically} takes its place in the writer's
 * queue when it is asked for, not when the call ends: a clean or a read another thread (the
 * client's lane) queues meanwhile comes after it, as the broker's release of a QoS 2 message
 * racing a Clean Start needs ([MQTT-3.1.2-4]).
 */
class RocksAtomicOrderTest {
  private static final PublishPacket COPY = new PublishPacket(false, 1, false, "t", 0,
      "released".getBytes(StandardCharsets.UTF_8), Properties.EMPTY);

  @TempDir
  Path dir;
  private final ExecutorService lane = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopLane() throws Exception {
    lane.shutdown();
    assertThat(lane.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private RocksPersistence open() {
    return RocksPersistence.open(dir, Durability.SYNC, Duration.ofMillis(50));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Runs {@code call} on the other thread and waits for it to return (not for its stage). */
  private <T> CompletableFuture<T> onLane(Supplier<CompletionStage<T>> call) {
    try {
      Future<CompletionStage<T>> asked = lane.submit(call::get);
      return asked.get(5, TimeUnit.SECONDS).toCompletableFuture();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCleanQueuedWhileTheReleaseRoutesDeletesTheCopyItAppended() throws Exception {
    RocksPersistence store = open();
    CompletableFuture<Void> cleaned = new CompletableFuture<>();
    CompletableFuture<Void> release = store.atomically(() -> {
      CompletableFuture<Void> appended = store.outgoingEnqueue("x", COPY).toCompletableFuture();
      // x's lane, meanwhile: a Clean Start discards the session the copy was appended to
      onLane(() -> store.cleanSubscriptions("x")).whenComplete((v, e) -> {
        if (e != null) {
          cleaned.completeExceptionally(e);
        } else {
          cleaned.complete(null);
        }
      });
      return appended;
    }).toCompletableFuture();
    await(release);
    await(cleaned);
    assertThat(await(store.outgoingStream("x"))).isEmpty();
    await(store.destroy());

    RocksPersistence reopened = open();
    try {
      // [MQTT-3.1.2-4] nothing of the discarded session is left to deliver after a restart
      assertThat(await(reopened.outgoingStream("x"))).isEmpty();
      assertThat(reopened.probe().clientsWithState()).isZero();
    } finally {
      await(reopened.destroy());
    }
  }

  @Test
  void aReadQueuedWhileTheReleaseRoutesSeesTheCopyItAppended() throws Exception {
    RocksPersistence store = open();
    try {
      AtomicReference<CompletableFuture<List<PublishPacket>>> read = new AtomicReference<>();
      CompletableFuture<Void> release = store.atomically(() -> {
        CompletableFuture<Void> appended =
            store.outgoingEnqueue("x", COPY).toCompletableFuture();
        read.set(onLane(() -> store.outgoingStream("x"))); // x resumes its session
        return appended;
      }).toCompletableFuture();
      await(release);
      assertThat(await(read.get())).containsExactly(COPY);
    } finally {
      await(store.destroy());
    }
  }

  @Test
  void aCallThatThrowsStoresNothingAndHoldsNoLaterWrite() throws Exception {
    RocksPersistence store = open();
    try {
      AtomicReference<CompletableFuture<Void>> appended = new AtomicReference<>();
      AtomicReference<CompletableFuture<Void>> later = new AtomicReference<>();
      assertThatThrownBy(() -> store.atomically(() -> {
        appended.set(store.outgoingEnqueue("x", COPY).toCompletableFuture());
        later.set(onLane(() -> store.outgoingEnqueue("y", COPY)));
        throw new IllegalStateException("routing failed");
      })).hasMessage("routing failed");

      await(later.get());
      assertThat(appended.get()).isCompletedExceptionally();
      assertThat(await(store.outgoingStream("x"))).isEmpty();
      assertThat(await(store.outgoingStream("y"))).containsExactly(COPY);
    } finally {
      await(store.destroy());
    }
  }

  @Test
  void destroyAskedWhileTheReleaseRoutesWritesItThenCloses() throws Exception {
    RocksPersistence store = open();
    CountDownLatch collected = new CountDownLatch(1);
    CountDownLatch destroyAsked = new CountDownLatch(1);
    CompletableFuture<CompletableFuture<Void>> release = CompletableFuture.supplyAsync(
        () -> store.atomically(() -> {
          CompletableFuture<Void> appended =
              store.outgoingEnqueue("x", COPY).toCompletableFuture();
          collected.countDown();
          awaitLatch(destroyAsked);
          return appended;
        }).toCompletableFuture(), lane);
    assertThat(collected.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> destroyed = store.destroy().toCompletableFuture();
    assertThat(destroyed).isNotDone(); // queued behind the release, which has not ended yet
    destroyAsked.countDown();

    await(release.get(5, TimeUnit.SECONDS)); // written before the store closed
    await(destroyed);
    RocksPersistence reopened = open();
    try {
      assertThat(await(reopened.outgoingStream("x"))).containsExactly(COPY);
    } finally {
      await(reopened.destroy());
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not counted down");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
