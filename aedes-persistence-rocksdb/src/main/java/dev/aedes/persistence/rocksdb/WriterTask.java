package dev.aedes.persistence.rocksdb;

import java.util.concurrent.CompletableFuture;

/** One queued operation of the {@link GroupCommitWriter}, with its result until completed. */
final class WriterTask<T> {
  final GroupCommitWriter.Op<T> op;
  final CompletableFuture<T> future = new CompletableFuture<>();
  final boolean last;
  /** Changes nothing: a group of such tasks needs no fsync. */
  final boolean readOnly;
  /** When it was queued: {@link GroupCommitWriter} sums each operation's wait until done. */
  final long queuedAt = System.nanoTime();
  T result;
  Throwable error;

  WriterTask(GroupCommitWriter.Op<T> op, boolean last, boolean readOnly) {
    this.op = op;
    this.last = last;
    this.readOnly = readOnly;
  }

  void run() {
    try {
      result = op.apply();
    } catch (Throwable e) {
      error = e;
    }
  }

  void complete(Throwable syncError) {
    if (error != null) {
      future.completeExceptionally(error);
    } else if (syncError != null) {
      future.completeExceptionally(syncError);
    } else {
      future.complete(result);
    }
  }
}
