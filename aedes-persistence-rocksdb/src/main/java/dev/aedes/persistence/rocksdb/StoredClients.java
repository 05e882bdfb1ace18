package dev.aedes.persistence.rocksdb;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * The client ids that may have session state in the store (subscriptions, session expiry,
 * outgoing queue, incoming QoS 2 messages), stored or queued for the writer. A client id not
 * here has none, so cleaning its session or reading its queue needs no writer turn: a clean
 * CONNECT of a client that never stored anything costs the store nothing.
 *
 * <p>Each id carries the mark of the last operation queued that could add state for it. The
 * mark is taken and the operation queued in one step, atomic per id (the map's lock for that
 * key), so the marks of one id follow its operations' queue order (inside an atomically the
 * operation runs in a queue slot reserved before its mark, which at worst keeps an id that has
 * no state left: never the other way round). A clean, run on the writer
 * thread, drops the id only if its mark is still the one it saw when it was queued: nothing
 * that could add state was queued after it.
 */
final class StoredClients {
  private final ConcurrentHashMap<String, Long> marks = new ConcurrentHashMap<>();
  private final AtomicLong lastMark = new AtomicLong();

  /** At open: every client id with keys in {@code family}, one seek per client. */
  void load(RocksStore store, ColumnFamilyHandle family) {
    try (RocksIterator it = store.db.newIterator(family)) {
      for (it.seekToFirst(); it.isValid(); ) {
        String clientId = Keys.clientId(it.key());
        marks.put(clientId, 0L);
        it.seek(Keys.prefixEnd(Keys.clientPrefix(clientId)));
      }
    }
  }

  /** Queues (by {@code submit}) an operation that may add state for {@code clientId}. */
  <T> CompletableFuture<T> adding(String clientId, Supplier<CompletableFuture<T>> submit) {
    Object[] queued = new Object[1];
    marks.compute(clientId, (id, mark) -> {
      queued[0] = submit.get();
      return lastMark.incrementAndGet();
    });
    @SuppressWarnings("unchecked")
    CompletableFuture<T> future = (CompletableFuture<T>) queued[0];
    return future;
  }

  /**
   * Queues (by {@code submit}, given the id's current mark) an operation on the client's state
   * if it may have any; null, and nothing queued, if it has none.
   */
  <T> CompletableFuture<T> ifAny(String clientId, LongFunction<CompletableFuture<T>> submit) {
    Object[] queued = new Object[1];
    marks.computeIfPresent(clientId, (id, mark) -> {
      queued[0] = submit.apply(mark);
      return mark;
    });
    @SuppressWarnings("unchecked")
    CompletableFuture<T> future = (CompletableFuture<T>) queued[0];
    return future;
  }

  /** Whether the client may have state, stored or queued. */
  boolean any(String clientId) {
    return marks.containsKey(clientId);
  }

  /**
   * Writer thread, once a clean queued with {@code mark} is written: the client has no state
   * left, unless something that could add some was queued since.
   */
  void cleaned(String clientId, long mark) {
    marks.remove(clientId, mark);
  }

  /** How many client ids may have state (for tests). */
  int size() {
    return marks.size();
  }
}
