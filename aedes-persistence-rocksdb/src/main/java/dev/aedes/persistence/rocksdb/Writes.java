package dev.aedes.persistence.rocksdb;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The write path of {@link RocksPersistence}: every change runs on the one
 * {@link GroupCommitWriter} thread, or is collected by an {@link AtomicWrite} while
 * {@link RocksPersistence#atomically} runs on the caller's thread. Each writer turn ends with
 * its changes written (no fsync), the store's pending batch last.
 */
final class Writes {
  private final RocksStore store;
  private final StoredClients stored;
  private final GroupCommitWriter writer;
  private final OpScope scope;
  /** The {@link #atomically} call running on this thread, if any. */
  private final ThreadLocal<AtomicWrite> atomic = new ThreadLocal<>();

  /** Starts the writer thread, named {@code name}. */
  Writes(RocksStore store, OutgoingQueues outgoing, StoredClients stored, Durability durability,
      Duration syncInterval, int maxGroup, String name) {
    this.store = store;
    this.stored = stored;
    this.scope = new OpScope(store, outgoing);
    this.writer = new GroupCommitWriter(durability, syncInterval.toMillis(), maxGroup,
        this::endTurn, store::syncWal, new GroupCommitWriter.Prober() {
          @Override
          public boolean refusing() {
            return scope.refusal() != null;
          }

          @Override
          public void probe(boolean write) throws Exception {
            scope.recheck();
            if (write) {
              store.probeWrite();
            }
          }
        }, name);
  }

  /** An operation that changes the store, run on the writer thread. */
  interface WriteOp {
    void run() throws Exception;
  }

  CompletableFuture<Void> write(WriteOp op) {
    return submit(() -> {
      op.run();
      return null;
    });
  }

  /** {@link #write}, for an operation that may add session state for {@code clientId}. */
  CompletableFuture<Void> adding(String clientId, WriteOp op) {
    return stored.adding(clientId, () -> write(op));
  }

  /** Queues {@code op} on the writer, or collects it inside {@link #atomically} on this thread. */
  <T> CompletableFuture<T> submit(GroupCommitWriter.Op<T> op) {
    AtomicWrite collecting = atomic.get();
    return collecting != null ? collecting.add(op) : writer.submit(() -> scope.run(op));
  }

  /**
   * See {@link RocksPersistence#atomically}. The first write asked for reserves the writer's
   * queue slot where all of them run, which the writer waits at until the call ends: queue
   * order is call order, as for a write queued at once (StoredClients' marks rely on it).
   */
  <T> CompletionStage<T> atomically(Supplier<? extends CompletionStage<T>> calls) {
    if (atomic.get() != null) {
      return calls.get(); // nested: part of the outer one
    }
    AtomicWrite collected = new AtomicWrite(writer, scope);
    atomic.set(collected);
    CompletionStage<T> result;
    try {
      result = calls.get();
    } catch (Throwable e) {
      // nothing of it is written, and the writer, which may wait at its slot, goes on
      collected.abandon(e);
      throw e;
    } finally {
      atomic.remove();
    }
    collected.submit();
    return result;
  }

  /**
   * Queues {@code op}, which changes nothing itself, on the writer: never part of an
   * {@link #atomically}.
   */
  <T> CompletableFuture<T> submitReadOnly(GroupCommitWriter.Op<T> op) {
    return writer.submitReadOnly(op);
  }

  /** Whether an {@link #atomically} call runs on this thread (its writes are collected). */
  boolean inAtomically() {
    return atomic.get() != null;
  }

  /** Whether the store refuses writes now (the disk is full), or its last write failed. */
  boolean refusing() {
    return scope.refusal() != null || writer.counts.failure() != null;
  }

  /** Whether every operation queued before this call is done. */
  boolean idle() {
    return writer.idle();
  }

  /** Writer thread: writes the changes collected so far (no fsync). */
  void writeChanges() throws Exception {
    store.writePending(); // the outgoing queues' changes joined first
  }

  /** Writer thread, the end of a turn: its changes written, or its first failure thrown. */
  private void endTurn() throws Exception {
    try {
      writeChanges();
    } finally {
      // always: a failure left over would fail the next group, whose writes were made
      store.endTurn();
    }
  }

  /** Writer turns (groups) run so far; a turn that changed nothing took no fsync. */
  long turns() {
    return writer.turns();
  }

  /** Fsyncs of the write-ahead log so far. */
  long syncs() {
    return writer.syncs();
  }

  /** See {@link RocksPersistence#stats}. */
  RocksStats stats() {
    WriterCounts counts = writer.counts;
    String failure = counts.failure();
    return new RocksStats(counts.succeededOps(), counts.failedOps(), counts.opNanos(),
        writer.unfinished(), counts.turns(), counts.syncs(), counts.syncNanos(),
        failure != null ? failure : scope.refusal());
  }

  /**
   * Lets queued writes finish and sync, then runs {@code lastOp} on the writer thread, which
   * stops; later calls fail.
   */
  CompletableFuture<Void> close(GroupCommitWriter.Op<Void> lastOp) {
    return writer.close(lastOp);
  }
}
