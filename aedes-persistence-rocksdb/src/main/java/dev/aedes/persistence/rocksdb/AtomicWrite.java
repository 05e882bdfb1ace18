package dev.aedes.persistence.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writer operations collected by {@link RocksPersistence#atomically}, run as one in the queue
 * slot the first of them reserved (so anything another thread queues meanwhile runs after
 * them, as if each had been queued when asked for): their
 * changes end in the store's pending batch together, which one write takes to the log, so a
 * crash keeps all of them or none; an operation that fails drops the changes of all of them
 * and fails them all ({@link OpScope}), so none of them is written in part, while the other
 * operations of the turn go on.
 */
final class AtomicWrite {
  private final GroupCommitWriter writer;
  private final OpScope scope;
  private final List<GroupCommitWriter.Op<?>> ops = new ArrayList<>();
  private final List<CompletableFuture<Object>> futures = new ArrayList<>();
  /** Its place in the writer's queue, taken by the first operation asked for. */
  private WriterSlot<List<Object>> slot;

  AtomicWrite(GroupCommitWriter writer, OpScope scope) {
    this.writer = writer;
    this.scope = scope;
  }

  @SuppressWarnings("unchecked")
  <T> CompletableFuture<T> add(GroupCommitWriter.Op<T> op) {
    if (slot == null) {
      // queued where the first operation is asked for, as it would be outside an atomically:
      // a clean or a read another thread queues meanwhile runs after every operation of it
      slot = writer.reserve();
    }
    CompletableFuture<Object> future = new CompletableFuture<>();
    ops.add(op);
    futures.add(future);
    return (CompletableFuture<T>) future;
  }

  /** Nothing of it is written; its slot, if any, is given up so the writer goes on. */
  void abandon(Throwable cause) {
    if (slot != null) {
      slot.cancel(cause);
    }
    futures.forEach(f -> f.completeExceptionally(cause));
  }

  /** Hands the operations to the writer, which runs them in the slot the first one took. */
  void submit() {
    if (slot == null) {
      return;
    }
    slot.fill(this::runAll);
    slot.future().whenComplete((results, e) -> {
      for (int i = 0; i < futures.size(); i++) {
        if (e != null) {
          futures.get(i).completeExceptionally(e);
        } else {
          futures.get(i).complete(results.get(i));
        }
      }
    });
  }

  /**
   * Writer thread: every op, as one operation of the turn; their outgoing changes join the
   * pending batch at its write, so no write takes one without the others.
   */
  private List<Object> runAll() throws Exception {
    return scope.run(() -> {
      List<Object> results = new ArrayList<>(ops.size());
      for (GroupCommitWriter.Op<?> op : ops) {
        results.add(op.apply());
      }
      return results;
    });
  }
}
