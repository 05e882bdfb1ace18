package dev.aedes.persistence.rocksdb;

import java.util.concurrent.CompletableFuture;

/** A place in the writer's queue, reserved before its operation is known. */
final class WriterSlot<T> {
  private final CompletableFuture<GroupCommitWriter.Op<T>> given;
  private final CompletableFuture<T> future;

  WriterSlot(CompletableFuture<GroupCommitWriter.Op<T>> given, CompletableFuture<T> future) {
    this.given = given;
    this.future = future;
  }

  /**
   * Completes once the operation is applied and, if so, durable; fails as it does, or as the
   * slot is cancelled, or at once if the writer is closed.
   */
  CompletableFuture<T> future() {
    return future;
  }

  /** The operation to run in this slot. */
  void fill(GroupCommitWriter.Op<T> op) {
    given.complete(op);
  }

  /** Nothing runs in this slot: its future fails with {@code cause}. */
  void cancel(Throwable cause) {
    given.completeExceptionally(cause);
  }
}
