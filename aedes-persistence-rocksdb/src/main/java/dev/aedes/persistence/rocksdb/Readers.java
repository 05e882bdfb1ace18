package dev.aedes.persistence.rocksdb;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.rocksdb.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read path of {@link RocksPersistence}: two reader threads run the queries, and a read
 * that must see every change queued before it waits for the writer to take a snapshot.
 */
final class Readers {
  // the persistence's name, as operators know its logs by it
  private static final Logger LOG = LoggerFactory.getLogger(RocksPersistence.class);

  private final RocksStore store;
  private final Writes writes;
  private final ExecutorService readers;

  /** Starts the reader threads, named after {@code name}. */
  Readers(RocksStore store, Writes writes, String name) {
    this.store = store;
    this.writes = writes;
    AtomicInteger count = new AtomicInteger();
    this.readers = Executors.newFixedThreadPool(2, task -> {
      Thread thread = new Thread(task, name + " reader-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  <T> CompletableFuture<T> read(Callable<T> query) {
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return query.call();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(store.path + ": read failed: " + e.getMessage(), e);
        }
      }, readers);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(store.path + ": the persistence is destroyed"));
    }
  }

  /**
   * Runs {@code reader} on a snapshot taken once every change queued before it is written. The
   * writer turn that takes the snapshot changes nothing: alone in its group it costs no fsync;
   * with nothing queued or running there is no turn at all (the reader's iterator pins its own
   * view).
   */
  <T> CompletionStage<T> afterQueuedChanges(Function<Snapshot, T> reader) {
    if (writes.idle()) {
      return read(() -> reader.apply(null)); // every change queued before is written already
    }
    Snapshot[] taken = new Snapshot[1];
    return writes.submitReadOnly(() -> { // a read: never part of an atomically
      writes.writeChanges();
      taken[0] = store.db.getSnapshot();
      return null;
    }).thenCompose(v -> read(() -> reader.apply(taken[0]))).whenComplete((result, e) -> {
      if (taken[0] != null) {
        // released however it ended: a failed group or a refused read leaks no snapshot
        store.db.releaseSnapshot(taken[0]);
      }
    });
  }

  /** Waits for running reads; later reads fail. */
  void close() throws InterruptedException {
    readers.shutdown();
    if (!readers.awaitTermination(10, TimeUnit.SECONDS)) {
      LOG.warn("{}: reads still running at close", store.path);
    }
  }
}
