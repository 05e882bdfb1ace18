package dev.aedes.persistence.rocksdb;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link GroupCommitWriter} has done so far and whether its writes fail now, for
 * {@link RocksStats}; logs a failure once per run of failures, not once per group (a full disk
 * fails every write until space is freed, and each write tries again), and the recovery. Written
 * by the writer thread only, read by any.
 */
final class WriterCounts {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private final String name;
  private volatile long turns;
  private volatile long syncs;
  private volatile long syncNanos;
  /** Operations done so far: succeeded (written, durable as the durability says), or failed. */
  private volatile long succeededOps;
  private volatile long failedOps;
  /** Over the operations done: the sum of their times from queued to done. */
  private volatile long opNanos;
  /** Why the last write of a group failed, while none that changed something succeeded since. */
  private volatile String writeFailure;
  /** Why the last fsync failed, while none succeeded since. */
  private volatile String syncFailure;

  WriterCounts(String name) {
    this.name = name;
  }

  /** A group ran. */
  void turn() {
    turns++;
  }

  /** An fsync that took {@code nanos} succeeded. */
  void synced(long nanos) {
    syncs++;
    syncNanos += nanos;
    if (syncFailure != null) {
      syncFailure = null;
      recovered();
    }
  }

  /** A write of changes succeeded (a group's, or a probe's). */
  void wrote() {
    if (writeFailure != null) {
      writeFailure = null;
      recovered();
    }
  }

  /** Whether the last write of changes failed. */
  boolean writeFailing() {
    return writeFailure != null;
  }

  /** A group's write failed. */
  void writeFailed(Exception e) {
    boolean first = failure() == null;
    writeFailure = "persistence write failed: " + message(e);
    log(first, writeFailure, e);
  }

  /** An fsync of the log failed. */
  void syncFailed(Exception e) {
    boolean first = failure() == null;
    syncFailure = "fsync of the write-ahead log failed: " + message(e);
    log(first, syncFailure, e);
  }

  private void log(boolean first, String what, Exception e) {
    if (!first) {
      LOG.debug("{}: {} (again)", name, what);
    } else if (e instanceof FreeSpaceGuard.DiskFullException) {
      LOG.error("{}: {}; retrying with every write, which fails alike until space is freed",
          name, what);
    } else {
      LOG.error("{}: {}; retrying with every write, which fails alike until this is fixed", name,
          what, e);
    }
  }

  private void recovered() {
    if (failure() == null) {
      LOG.info("{}: persistence recovered: writes succeed again", name);
    }
  }

  private static String message(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /** The group's first {@code done} operations are about to complete. */
  void done(List<WriterTask<?>> group, int done, Throwable syncError) {
    long now = System.nanoTime();
    long failed = 0;
    long waited = 0;
    long reads = 0;
    for (int i = 0; i < done; i++) {
      WriterTask<?> task = group.get(i);
      if (task.readOnly) {
        reads++; // a read waiting for the writes before it: not a write
        continue;
      }
      if (task.error != null || syncError != null) {
        failed++;
      }
      waited += now - task.queuedAt;
    }
    succeededOps += done - reads - failed;
    failedOps += failed;
    opNanos += waited;
  }

  /** Operations that never ran: the store closed before the writer reached them. */
  void rejected(long count) {
    failedOps += count;
  }

  /** Groups (turns) run so far; a turn that changed nothing took no fsync. */
  long turns() {
    return turns;
  }

  /** Successful fsyncs so far. */
  long syncs() {
    return syncs;
  }

  /** Time spent in the successful fsyncs so far. */
  long syncNanos() {
    return syncNanos;
  }

  /** Operations that succeeded so far (each durable as the durability says when done). */
  long succeededOps() {
    return succeededOps;
  }

  /**
   * Operations that failed so far: refused for want of space, their write or fsync failed, or
   * queued when the writer stopped (those submitted after it stopped fail at once, uncounted).
   */
  long failedOps() {
    return failedOps;
  }

  /** Over the operations done so far, the sum of their times from queued to done. */
  long opNanos() {
    return opNanos;
  }

  /**
   * Why writes fail now, as logged: the last write of changes failed and none succeeded since,
   * or else the last fsync failed and none succeeded since; null when neither.
   */
  String failure() {
    String write = writeFailure;
    return write != null ? write : syncFailure;
  }
}
