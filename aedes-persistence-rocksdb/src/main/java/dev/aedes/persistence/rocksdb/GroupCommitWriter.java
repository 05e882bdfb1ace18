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

  /**
   * While writes fail, tells once a second, with no operation needed, whether they would
   * succeed again: so a store that failed the writes of clients it then disconnected does not
   * report failing until a client writes again (one that is only sent where the store works).
   */
  interface Prober {
    /** Whether operations are refused now for a reason the writer does not see (no room). */
    boolean refusing();

    /** Checks again; with {@code write}, makes a small write of its own (throws if it fails). */
    void probe(boolean write) throws Exception;
  }

  /** How often a failing store is probed while idle. */
  static final long PROBE_NANOS = TimeUnit.SECONDS.toNanos(1);

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
  private final Prober prober;
  private long lastSync = System.nanoTime();
  private long lastProbe = System.nanoTime();
  private boolean unsynced;
  /** What it has done so far and whether it fails (for {@link RocksStats}, tests and logs). */
  final WriterCounts counts;
  /** Operations queued or running, not yet done (written, and synced as the durability says). */
  private final java.util.concurrent.atomic.AtomicLong unfinished =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param maxGroup most operations sharing one fsync (1: every write has its own)
   * @param name thread name, also used in error messages
   */
  GroupCommitWriter(Durability durability, long syncIntervalMillis, int maxGroup, Syncer syncer,
      String name) {
    this(durability, syncIntervalMillis, maxGroup, () -> { }, syncer, new Prober() {
      @Override
      public boolean refusing() {
        return false;
      }

      @Override
      public void probe(boolean write) {
      }
    }, name);
  }

  /**
   * @param flusher run after each group's operations, before its fsync
   * @param prober checks a failing store again while no operation comes
   */
  GroupCommitWriter(Durability durability, long syncIntervalMillis, int maxGroup,
      Flusher flusher, Syncer syncer, Prober prober, String name) {
    this.flusher = flusher;
    this.prober = prober;
    this.counts = new WriterCounts(name);
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
          timerDue();
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
        unfinished.decrementAndGet();
        counts.rejected(1);
        task.future.completeExceptionally(closed());
      }
    }
  }

  private WriterTask<?> next() throws InterruptedException {
    long now = System.nanoTime();
    long wait = Long.MAX_VALUE;
    if (durability == Durability.INTERVAL && unsynced) {
      wait = lastSync + intervalNanos - now;
    }
    if (failing()) {
      wait = Math.min(wait, lastProbe + PROBE_NANOS - now);
    }
    if (wait == Long.MAX_VALUE) {
      return queue.take();
    }
    return wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
  }

  private boolean failing() {
    return counts.failure() != null || prober.refusing();
  }

  /**
   * No operation came in time: the fsync of {@link Durability#INTERVAL} is due, or a failing
   * store is probed (a failed fsync tried again).
   */
  private void timerDue() {
    if (failing() && System.nanoTime() - lastProbe >= PROBE_NANOS) {
      lastProbe = System.nanoTime();
      boolean write = counts.writeFailing();
      try {
        prober.probe(write);
        if (write) {
          unsynced = true; // the probe's write, made durable below
          counts.wrote();
        }
      } catch (Exception e) {
        LOG.debug("{}: still failing: {}", name, e.toString());
      }
    }
    if (durability == Durability.INTERVAL || counts.failure() != null) {
      sync(); // nothing to do when nothing is unsynced
    }
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
    if (syncError == null && changes) {
      counts.wrote();
    }
    boolean stopping = stopAt < group.size();
    if (syncError == null && (stopping || durability == Durability.SYNC && changes
        || durability == Durability.INTERVAL && System.nanoTime() - lastSync >= intervalNanos)) {
      syncError = sync();
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
    unfinished.addAndGet(-(group.size() - stopAt));
    counts.rejected(group.size() - stopAt - 1);
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
      counts.writeFailed(e);
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
      counts.syncFailed(e);
      return new IllegalStateException(name + ": write applied but not durable (fsync failed: "
          + e.getMessage() + ")", e);
    }
  }
}
