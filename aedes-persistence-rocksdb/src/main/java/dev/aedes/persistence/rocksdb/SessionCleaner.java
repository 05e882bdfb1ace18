package dev.aedes.persistence.rocksdb;

import java.util.concurrent.CompletableFuture;
import org.rocksdb.WriteBatch;

/**
 * Deletes a client's session state in {@link RocksPersistence}: its subscriptions, session
 * expiry, outgoing queue and incoming QoS 2 messages, in one batch on the writer.
 */
final class SessionCleaner {
  private final RocksStore store;
  private final Subscriptions subscriptions;
  private final OutgoingQueues outgoing;
  private final Records records;
  private final StoredClients stored;
  private final Writes writes;

  SessionCleaner(RocksStore store, Subscriptions subscriptions, OutgoingQueues outgoing,
      Records records, StoredClients stored, Writes writes) {
    this.store = store;
    this.subscriptions = subscriptions;
    this.outgoing = outgoing;
    this.records = records;
    this.stored = stored;
    this.writes = writes;
  }

  /**
   * Deletes the client's session state; a client with none stored or queued (a clean session
   * connecting, or one that never stored anything) costs no write, no fsync and no wait.
   */
  CompletableFuture<Void> clean(String clientId) {
    CompletableFuture<Void> cleaned = stored.ifAny(clientId, mark -> writes.write(() -> {
      // what the turn has pending written first: a failed clean then drops none of it
      store.writePending();
      try (WriteBatch batch = new WriteBatch()) {
        subscriptions.clean(clientId, batch);
        outgoing.clean(clientId, batch);
        records.cleanIncoming(clientId, batch); // unreleased QoS 2 messages are session state
        store.write(batch);
      }
      subscriptions.forget(clientId);
      outgoing.forget(clientId);
      stored.cleaned(clientId, mark);
    }));
    return cleaned != null ? cleaned : CompletableFuture.completedFuture(null);
  }
}
