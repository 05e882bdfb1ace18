package dev.aedes.persistence.rocksdb;

import java.util.List;

/**
 * What a {@link GroupCommitWriter} has done so far, for {@link RocksStats}: written by the writer
 * thread only, read by any.
 */
final class WriterCounts {
  private volatile long turns;
  private volatile long syncs;
  private volatile long syncNanos;
  /** Operations done so far: succeeded (written, durable as the durability says), or failed. */
  private volatile long succeededOps;
  private volatile long failedOps;
  /** Over the operations done: the sum of their times from queued to done. */
  private volatile long opNanos;
  /** Why the last group's write or fsync failed, while no later one succeeded; else null. */
  private volatile String failure;

  /** A group ran. */
  void turn() {
    turns++;
  }

  /** An fsync that took {@code nanos} succeeded. */
  void synced(long nanos) {
    syncs++;
    syncNanos += nanos;
  }

  /** The group's first {@code done} operations are about to complete. */
  void done(List<WriterTask<?>> group, int done, Throwable syncError) {
    long now = System.nanoTime();
    long failed = 0;
    long waited = 0;
    for (int i = 0; i < done; i++) {
      WriterTask<?> task = group.get(i);
      if (task.error != null || syncError != null) {
        failed++;
      }
      waited += now - task.queuedAt;
    }
    succeededOps += done - failed;
    failedOps += failed;
    opNanos += waited;
  }

  /** A group's write or fsync failed, for this reason; {@code null}: a group succeeded. */
  void failure(String why) {
    failure = why;
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

  /** Operations that failed so far (refused for want of space, or their write failed). */
  long failedOps() {
    return failedOps;
  }

  /** Over the operations done so far, the sum of their times from queued to done. */
  long opNanos() {
    return opNanos;
  }

  /**
   * Why the last write or fsync of the log failed, as logged, while none has succeeded since;
   * null when the last one succeeded.
   */
  String failure() {
    return failure;
  }
}
