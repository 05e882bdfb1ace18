package dev.aedes.persistence.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes the store. Callers queue operations; the thread takes every
 * operation waiting (up to {@code maxGroup}), runs each (they collect their changes), writes
 * the group's changes at once without fsync, then, with {@link Durability#SYNC}, fsyncs the
 * write-ahead log once and only then completes the whole group's futures: group commit. The
 * futures complete on this thread.
 */
final class GroupCommitWriter {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** An operation on the store, run on the writer thread. */
  interface Op<T> {
    T apply() throws Exception;
  }

  /** What makes written operations durable (one fsync). */
  interface Syncer {
    void sync() throws Exception;
  }

  /** Writes what the group's operations collected (no fsync). */
  interface Flusher {
    void flush() throws Exception;
  }

  private final BlockingQueue<WriterTask<?>> queue = new LinkedBlockingQueue<>();
  private final Durability durability;
  private final long intervalNanos;
  private final int maxGroup;
  private final Syncer syncer;
  private final Flusher flusher;
  private final String name;
  private final Thread thread;
  private volatile boolean finished;
  private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Void>> closing =
      new java.util.concurrent.atomic.AtomicReference<>();
  private long lastSync = System.nanoTime();
  private boolean unsynced;
  /** The last group's write failed; the next one that succeeds logs the recovery. */
  private boolean failing;
  /** What it has done so far (for {@link RocksStats} and tests that count the store's work). */
  final WriterCounts counts = new WriterCounts();
  /** Operations queued or running, not yet done (written, and synced as the durability says). */
  private final java.util.concurrent.atomic.AtomicLong unfinished =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param maxGroup most operations sharing one fsync (1: every write has its own)
   * @param name thread name, also used in error messages
   */
  GroupCommitWriter(Durability durability, long syncIntervalMillis, int maxGroup, Syncer syncer,
      String name) {
    this(durability, syncIntervalMillis, maxGroup, () -> { }, syncer, name);
  }

  /** @param flusher run after each group's operations, before its fsync */
  GroupCommitWriter(Durability durability, long syncIntervalMillis, int maxGroup,
      Flusher flusher, Syncer syncer, String name) {
    this.flusher = flusher;
    this.durability = durability;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(syncIntervalMillis);
    this.maxGroup = maxGroup;
    this.syncer = syncer;
    this.name = name;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code op}; its future completes once the op is applied and, if so, durable. */
  <T> CompletableFuture<T> submit(Op<T> op) {
    return enqueue(new WriterTask<>(op, false, false));
  }

  /**
   * Queues a slot now for an operation given later ({@link WriterSlot#fill}), which runs in the
   * slot's place in the queue order: the writer, once it reaches the slot, waits until it is
   * filled or cancelled. Whoever reserves must do either soon, whatever happens, and must not
   * wait for the writer meanwhile.
   */
  <T> WriterSlot<T> reserve() {
    CompletableFuture<Op<T>> given = new CompletableFuture<>();
    CompletableFuture<T> future = enqueue(new WriterTask<>(() -> {
      try {
        return given.join().apply();
      } catch (CompletionException e) { // cancelled: fails with its reason
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        if (e.getCause() instanceof Error cause) {
          throw cause;
        }
        throw e;
      }
    }, false, false));
    return new WriterSlot<>(given, future);
  }

  /**
   * Queues {@code op}, which changes nothing itself (it may write what earlier operations of its
   * turn collected, as they would be anyway): it runs after everything queued before it, and a
   * group of only such operations takes no fsync, as every earlier write is durable already
   * (with {@link Durability#SYNC}).
   */
  <T> CompletableFuture<T> submitReadOnly(Op<T> op) {
    return enqueue(new WriterTask<>(op, false, true));
  }

  /**
   * Whether every operation queued before this call is done: written, and durable as the
   * durability says (a later one may be queued meanwhile).
   */
  boolean idle() {
    return unfinished.get() == 0;
  }

  /** Groups the writer has run so far. */
  long turns() {
    return counts.turns();
  }

  /** Successful fsyncs so far. */
  long syncs() {
    return counts.syncs();
  }

  /** Operations queued or running, not yet done. */
  long unfinished() {
    return unfinished.get();
  }

  /**
   * Queues {@code lastOp} after everything queued so far; the writer syncs, runs it and stops.
   * Later submits fail; a second close returns the first one's future.
   */
  CompletableFuture<Void> close(Op<Void> lastOp) {
    WriterTask<Void> last = new WriterTask<>(lastOp, true, false);
    if (!closing.compareAndSet(null, last.future)) {
      return closing.get();
    }
    return enqueue(last);
  }

  private <T> CompletableFuture<T> enqueue(WriterTask<T> task) {
    if (finished) {
      task.future.completeExceptionally(closed());
      return task.future;
    }
    unfinished.incrementAndGet();
    queue.add(task);
    if (finished && queue.remove(task)) { // the writer stopped while we were adding
      unfinished.decrementAndGet();
      task.future.completeExceptionally(closed());
    }
    return task.future;
  }

  private IllegalStateException closed() {
    return new IllegalStateException(name + ": the persistence is destroyed");
  }

  private void loop() {
    List<WriterTask<?>> group = new ArrayList<>();
    try {
      while (true) {
        WriterTask<?> first = next();
        if (first == null) {
          if (sync() == null) { // INTERVAL: the timer is due and nothing is queued
            succeeded();
          }
          continue;
        }
        group.add(first);
        queue.drainTo(group, maxGroup - 1);
        if (runGroup(group)) {
          return;
        }
        group.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      finished = true;
      for (WriterTask<?> task; (task = queue.poll()) != null; ) {
        task.future.completeExceptionally(closed());
      }
    }
  }

  private WriterTask<?> next() throws InterruptedException {
    if (durability != Durability.INTERVAL || !unsynced) {
      return queue.take();
    }
    long wait = lastSync + intervalNanos - System.nanoTime();
    return wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
  }

  /** Runs the group, syncs as the durability says, completes it; true if the writer stops. */
  private boolean runGroup(List<WriterTask<?>> group) {
    int stopAt = group.size();
    for (int i = 0; i < group.size(); i++) {
      if (group.get(i).last) {
        stopAt = i;
        break;
      }
    }
    boolean changes = false;
    for (int i = 0; i < stopAt; i++) {
      group.get(i).run();
      changes |= !group.get(i).readOnly;
    }
    counts.turn();
    unsynced |= changes;
    Throwable syncError = stopAt > 0 ? flush() : null;
    boolean stopping = stopAt < group.size();
    if (syncError == null && (stopping || durability == Durability.SYNC && changes
        || durability == Durability.INTERVAL && System.nanoTime() - lastSync >= intervalNanos)) {
      syncError = sync();
    }
    if (changes && syncError == null) {
      succeeded();
    }
    unfinished.addAndGet(-stopAt); // done before their futures complete: idle() holds in them
    counts.done(group, stopAt, syncError);
    for (int i = 0; i < stopAt; i++) {
      group.get(i).complete(syncError);
    }
    if (!stopping) {
      return false;
    }
    WriterTask<?> last = group.get(stopAt);
    last.run();
    last.complete(null);
    for (int i = stopAt + 1; i < group.size(); i++) {
      group.get(i).future.completeExceptionally(closed());
    }
    return true;
  }

  private Throwable flush() {
    try {
      flusher.flush();
      return null;
    } catch (Exception e) {
      // never silent loss: every write of the group fails, and says where
      failed("persistence write failed", e);
      return new IllegalStateException(name + ": write failed (" + e.getMessage() + ")", e);
    }
  }

  private Throwable sync() {
    if (!unsynced) {
      return null;
    }
    lastSync = System.nanoTime(); // after a failure too: the next try waits for the timer
    try {
      syncer.sync();
      unsynced = false;
      counts.synced(System.nanoTime() - lastSync);
      return null;
    } catch (Exception e) {
      // never silent loss: every write of the group fails, and says where
      failed("fsync of the write-ahead log failed", e);
      return new IllegalStateException(name + ": write applied but not durable (fsync failed: "
          + e.getMessage() + ")", e);
    }
  }

  /**
   * Logs a failure once per run of failures, not once per group: a full disk fails every write
   * until space is freed, and each write tries again.
   */
  private void failed(String what, Exception e) {
    counts.failure(what + ": " + e.getMessage());
    if (failing) {
      LOG.debug("{}: {} again: {}", name, what, e.getMessage());
      return;
    }
    failing = true;
    if (e instanceof FreeSpaceGuard.DiskFullException) {
      LOG.error("{}: {}: {}; retrying with every write, which fails alike until space is freed",
          name, what, e.getMessage());
    } else {
      LOG.error("{}: {}; retrying with every write, which fails alike until this is fixed", name,
          what, e);
    }
  }

  /** After a group written (and synced as the durability says) without failure. */
  private void succeeded() {
    if (failing) {
      failing = false;
      counts.failure(null);
      LOG.info("{}: persistence recovered: writes succeed again", name);
    }
  }
}
