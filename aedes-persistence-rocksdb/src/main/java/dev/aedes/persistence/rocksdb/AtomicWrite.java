package dev.aedes.persistence.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;

/**
 * Writer operations collected by {@link RocksPersistence#atomically}, run as one in the queue
 * slot the first of them reserved (so anything another thread queues meanwhile runs after
 * them, as if each had been queued when asked for): their
 * changes end in the store's pending batch together, which one write takes to the log, so a
 * crash keeps all of them or none; an operation that fails drops the turn's unwritten changes
 * and fails the turn, so none of them is written in part.
 */
final class AtomicWrite {
  private final GroupCommitWriter writer;
  private final OutgoingQueues outgoing;
  private final RocksStore store;
  private final List<GroupCommitWriter.Op<?>> ops = new ArrayList<>();
  private final List<CompletableFuture<Object>> futures = new ArrayList<>();
  /** Its place in the writer's queue, taken by the first operation asked for. */
  private GroupCommitWriter.Slot<List<Object>> slot;

  AtomicWrite(GroupCommitWriter writer, OutgoingQueues outgoing, RocksStore store) {
    this.writer = writer;
    this.outgoing = outgoing;
    this.store = store;
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

  /** Writer thread: every op, then their outgoing changes joined to the pending batch. */
  private List<Object> runAll() throws Exception {
    List<Object> results = new ArrayList<>(ops.size());
    try {
      for (GroupCommitWriter.Op<?> op : ops) {
        results.add(op.apply());
      }
      // the queue entries wait in OutgoingQueues' changes, the deletion in the pending
      // batch: joined now, so no write later in the turn can take one without the other
      outgoing.writeChanges();
    } catch (Exception | Error e) {
      try {
        outgoing.writeChanges(); // into the pending batch, which is dropped next
      } catch (RocksDBException ignored) {
        // the turn fails anyway
      }
      store.abandonTurn(e); // none of it is written: the whole group fails
      throw e;
    }
    return results;
  }
}
