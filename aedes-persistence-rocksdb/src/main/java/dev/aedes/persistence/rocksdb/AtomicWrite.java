package dev.aedes.persistence.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;

/**
 * Writer operations collected by {@link RocksPersistence#atomically}, queued as one: their
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

  AtomicWrite(GroupCommitWriter writer, OutgoingQueues outgoing, RocksStore store) {
    this.writer = writer;
    this.outgoing = outgoing;
    this.store = store;
  }

  @SuppressWarnings("unchecked")
  <T> CompletableFuture<T> add(GroupCommitWriter.Op<T> op) {
    CompletableFuture<Object> future = new CompletableFuture<>();
    ops.add(op);
    futures.add(future);
    return (CompletableFuture<T>) future;
  }

  void abandon(Throwable cause) {
    futures.forEach(f -> f.completeExceptionally(cause));
  }

  void submit() {
    if (ops.isEmpty()) {
      return;
    }
    writer.submit(this::runAll).whenComplete((results, e) -> {
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
