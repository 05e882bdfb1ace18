package dev.aedes.persistence.rocksdb;

import java.util.concurrent.TimeUnit;

/**
 * What a {@link RocksPersistence} has done so far, for tests in other packages that count its
 * writer turns and fsyncs: {@link #settle} waits until every change queued before is done.
 */
public record StoreWork(long turns, long syncs) {
  /** Waits for the writer to finish what is queued (one turn that changes nothing), then counts. */
  public static StoreWork settle(RocksPersistence store) throws Exception {
    store.probe().barrier().toCompletableFuture().get(5, TimeUnit.SECONDS);
    return new StoreWork(store.probe().writerTurns(), store.probe().syncs());
  }

  /** What was done since {@code before}, not counting one {@link #settle} turn. */
  public StoreWork since(StoreWork before) {
    return new StoreWork(turns - before.turns - 1, syncs - before.syncs);
  }

  /** Client ids that may have session state in the store. */
  public static int clientsWithState(RocksPersistence store) {
    return store.probe().clientsWithState();
  }
}
